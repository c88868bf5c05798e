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
import java.util.stream.IntStream;
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
        boolean ordered = batch.stream().anyMatch(s -> s.chain && s.docs.size() > 1);
        int from = 0;
        while (from < all.size()) { // more than once only when ordered and a document failed
            List<Integer> sent = IntStream.range(from, all.size()) // not after a failed document of its chain
                    .filter(g -> owner.get(g).inserted[position.get(g)])
                    .boxed()
                    .toList();
            List<Document> docs = sent.stream().map(all::get).toList();
            from = all.size();
            try {
                if (docs.size() == 1) {
                    collection.insertOne(docs.get(0));
                } else if (!docs.isEmpty()) {
                    collection.insertMany(docs, new InsertManyOptions().ordered(ordered));
                }
            } catch (MongoWriteException e) {
                // one document: its own error
                int g = sent.get(0);
                failed(owner.get(g), position.get(g), e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY, e);
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null) {
                    sent.forEach(g -> owner.get(g).error = e); // the server could not say they are kept
                    return;
                }
                for (BulkWriteError error : e.getWriteErrors()) {
                    int g = sent.get(error.getIndex());
                    boolean duplicate = ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY;
                    failed(
                            owner.get(g),
                            position.get(g),
                            duplicate,
                            new IllegalStateException(
                                    "insert into " + collection.getNamespace().getCollectionName() + " failed: code "
                                            + error.getCode())); // the message may quote the document: not kept
                    from = ordered ? g + 1 : from; // ordered: nothing after it was tried
                }
            } catch (RuntimeException e) {
                // no answer from the server: none of those sent is known to be written
                sent.forEach(g -> owner.get(g).error = e);
                return;
            }
        }
    }

    private static void failed(Slot s, int i, boolean duplicate, RuntimeException error) {
        s.failed(i);
        if (!duplicate) {
            s.error = error;
        }
    }
}
