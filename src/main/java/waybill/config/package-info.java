/**
 * The one configuration object of the service (ServiceConfig: port, folders, store, clock mode,
 * keys). Imports access for the keys; nothing of HTTP, the store or the rules.
 */
package waybill.config;
