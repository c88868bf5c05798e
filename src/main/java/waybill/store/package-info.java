/**
 * The store's ports and the one in-memory store: Store and JobStore (what the decision service loads
 * and commits through), HistoryEntry and ActionRecord (what it reads back), StaleJobException (a lost
 * optimistic race), MemoryStore (scenario replays, rehearsals, dry runs, tests) and the in-memory
 * activation log. Imports the engine's outcomes, the model, the timers and the rules' history port;
 * never the decision service, HTTP, MongoDB or its own store.mongo.
 */
package waybill.store;
