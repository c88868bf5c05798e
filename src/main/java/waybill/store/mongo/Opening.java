package waybill.store.mongo;

/** Where the embedded server's versions held readable for a long read are named ({@link EmbeddedMongo#pinVersions}). */
interface Opening {
    /** Versions of the file held readable while a long read goes on (a backup's hold); closing lets them go. */
    interface Pin extends waybill.store.Backup.Hold {}
}
