/**
 * Scenarios (fixtures/*.yaml): their format and loader, their replay on a memory store and a manual
 * clock, the checks of their expectations, and the scenario gate every reload runs. Production
 * code. Never imports HTTP or the MongoDB store.
 */
package waybill.scenario;
