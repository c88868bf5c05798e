/**
 * The one configuration object of the service (ServiceConfig: port, folders, store, clock mode,
 * keys). Imports access for the keys and json; nothing of HTTP, the store or the rules.
 */
package waybill.config;
