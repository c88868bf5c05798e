package waybill.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;

/**
 * Inserts into one collection, grouped: documents that callers hand in while an insert is in flight go
 * together in the next {@code insertMany} (unordered), so one server round trip carries the decisions of
 * many requests. No thread waits for a group to fill: the first caller inserts at once, and whoever
 * comes while it is in flight goes in the next round trip, made by one of them. A duplicate key (the job's
 * version taken, a factId already decided) fails only its own document; the others are inserted.
 */
final class InsertGroup {
    private final MongoCollection<Document> collection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private List<Slot> queued = new ArrayList<>();
    private boolean inserting;

    /** One caller's documents and, once inserted, what became of each. */
    private static final class Slot {
        final List<Document> docs;
        final boolean[] inserted;
        RuntimeException error;
        boolean done;

        Slot(List<Document> docs) {
            this.docs = docs;
            this.inserted = new boolean[docs.size()];
        }
    }

    InsertGroup(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    /** Inserts one document; false when its _id or a unique key is taken (nothing was written). */
    boolean insert(Document doc) {
        return insert(List.of(doc))[0];
    }

    /** Inserts the documents, in one round trip with those of other callers; per document: inserted, or a duplicate. */
    boolean[] insert(List<Document> docs) {
        if (docs.isEmpty()) {
            return new boolean[0];
        }
        Slot me = new Slot(docs);
        List<Slot> batch;
        lock.lock();
        try {
            queued.add(me);
            while (inserting && !me.done) {
                finished.awaitUninterruptibly(); // a write in flight must learn its fate: no interruption
            }
            if (me.done) {
                return result(me);
            }
            inserting = true;
            batch = queued;
            queued = new ArrayList<>();
        } finally {
            lock.unlock();
        }
        try {
            insertAll(batch);
        } catch (Error e) {
            // the followers must not take their documents for inserted
            batch.forEach(s -> s.error = new IllegalStateException("insert failed", e));
            throw e;
        } finally {
            lock.lock();
            try {
                inserting = false;
                batch.forEach(s -> s.done = true);
                finished.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return result(me);
    }

    private static boolean[] result(Slot s) {
        if (s.error != null) {
            throw s.error;
        }
        return s.inserted;
    }

    private void insertAll(List<Slot> batch) {
        List<Document> all = new ArrayList<>();
        List<Slot> owner = new ArrayList<>();
        List<Integer> position = new ArrayList<>();
        for (Slot s : batch) {
            for (int i = 0; i < s.docs.size(); i++) {
                all.add(s.docs.get(i));
                owner.add(s);
                position.add(i);
                s.inserted[i] = true;
            }
        }
        try {
            if (all.size() == 1) {
                collection.insertOne(all.get(0));
            } else {
                collection.insertMany(all, new InsertManyOptions().ordered(false));
            }
        } catch (MongoWriteException e) {
            // one document: its own error
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                batch.get(0).inserted[0] = false;
            } else {
                batch.get(0).error = e;
            }
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                batch.forEach(s -> s.error = e); // the server could not say they are kept
                return;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                Slot s = owner.get(error.getIndex());
                int i = position.get(error.getIndex());
                s.inserted[i] = false;
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    s.error = new IllegalStateException(
                            "insert into " + collection.getNamespace().getCollectionName() + " failed: code "
                                    + error.getCode()); // the message may quote the document: not kept
                }
            }
        } catch (RuntimeException e) {
            batch.forEach(s -> s.error = e); // no answer from the server: none of them is known to be written
        }
    }
}
