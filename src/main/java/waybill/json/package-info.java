/**
 * The strict JSON and YAML mappers every reader of input shares. Imports no other Waybill package.
 */
package waybill.json;
