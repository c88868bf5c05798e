/**
 * Backup and restore: the archive's format (Archive), written from what a store offers (ArchiveWriter over
 * store.Backup) and read back whole and checked (ArchiveReader) before Restore writes it into an embedded
 * store or a MongoDB and opens it as the service does. Imports the store's ports and store.mongo's entry
 * points; nothing of the store imports it.
 */
package waybill.backup;
