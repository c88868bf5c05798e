/**
 * The one configuration object of the service (ServiceConfig: port, folders, store, clock mode,
 * keys). Imports access for the keys, json, and the engine for the budget per decision; nothing of HTTP or the store.
 */
package waybill.config;
