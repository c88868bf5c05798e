/**
 * MongoDB persistence behind the store's ports: MongoStore over a real cluster or the embedded server
 * (EmbeddedMongo), the decision log and its read models (one writer or many), group commits,
 * snapshots, recovery, the kept activation history, and StoreFactory, the one entry that opens a store.
 * Imports the ports in store, the engine's outcomes, the model and the rules' history port; never the
 * decision service or HTTP.
 */
package waybill.store.mongo;
