package waybill.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;

/**
 * Inserts into one collection, grouped: documents that callers hand in while an insert is in flight go
 * together in the next {@code insertMany} (unordered), so one server round trip carries the decisions of
 * many requests. No thread waits for a group to fill: the first caller inserts at once, and whoever
 * comes while it is in flight goes in the next round trip, made by one of them. A duplicate key (the job's
 * version taken, a factId already decided) fails only its own document; the others are inserted. A chain
 * (one job's decisions, each built on the one before) is kept whole up to its first failure: nothing after
 * it is inserted, so the group goes ordered, and what followed a failure goes again in the next round trip.
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
        final boolean chain;
        final boolean[] inserted;
        RuntimeException error;
        boolean done;

        Slot(List<Document> docs, boolean chain) {
            this.docs = docs;
            this.chain = chain;
            this.inserted = new boolean[docs.size()];
        }

        /** The document at {@code i} failed: in a chain, so does every one after it. */
        void failed(int i) {
            Arrays.fill(inserted, i, chain ? docs.size() : i + 1, false);
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
        return insert(docs, false);
    }

    /**
     * Inserts a chain: the documents in order, each only if every one before it was; answers how many were
     * inserted (the rest were not written: the first of them a duplicate).
     */
    int insertChain(List<Document> docs) {
        boolean[] inserted = insert(docs, true);
        int n = 0;
        while (n < inserted.length && inserted[n]) {
            n++;
        }
        return n;
    }

    private boolean[] insert(List<Document> docs, boolean chain) {
        if (docs.isEmpty()) {
            return new boolean[0];
        }
        Slot me = new Slot(docs, chain);
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
        List<Placed> all = new ArrayList<>();
        for (Slot s : batch) {
            for (int i = 0; i < s.docs.size(); i++) {
                all.add(new Placed(s, i));
                s.inserted[i] = true;
            }
        }
        boolean ordered = batch.stream().anyMatch(s -> s.chain && s.docs.size() > 1);
        int from = 0;
        while (from < all.size()) { // more than once only when ordered and a document failed
            List<Placed> sent = all.subList(from, all.size()).stream()
                    .filter(p -> p.slot.inserted[p.i]) // not after a failed document of its chain
                    .toList();
            List<Document> docs = sent.stream().map(p -> p.slot.docs.get(p.i)).toList();
            from = all.size();
            try {
                if (docs.size() == 1) {
                    collection.insertOne(docs.get(0));
                } else if (!docs.isEmpty()) {
                    collection.insertMany(docs, new InsertManyOptions().ordered(ordered));
                }
            } catch (MongoWriteException e) {
                // one document: its own error
                sent.get(0).failed(e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY, e);
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null) {
                    sent.forEach(p -> p.slot.error = e); // the server could not say they are kept
                    return;
                }
                for (BulkWriteError error : e.getWriteErrors()) {
                    Placed p = sent.get(error.getIndex());
                    p.failed(
                            ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY,
                            new IllegalStateException(
                                    "insert into " + collection.getNamespace().getCollectionName() + " failed: code "
                                            + error.getCode())); // the message may quote the document: not kept
                    from = ordered ? all.indexOf(p) + 1 : from; // ordered: nothing after it was tried
                }
            } catch (RuntimeException e) {
                // no answer from the server: none of those sent is known to be written
                sent.forEach(p -> p.slot.error = e);
                return;
            }
        }
    }

    /** A document of the group: the slot it came in, and its place there. */
    private record Placed(Slot slot, int i) {
        void failed(boolean duplicate, RuntimeException error) {
            slot.failed(i);
            if (!duplicate) {
                slot.error = error;
            }
        }
    }
}
