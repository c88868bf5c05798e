/**
 * Who may call what, and what a caller must not see: API keys (WAYBILL_KEYS, the keys file, the
 * admin key in the data folder), roles, and the redaction of BitLocker keys. Pure: imports no HTTP
 * (the HTTP layer's Auth gate uses it) and no store.
 */
package waybill.access;
