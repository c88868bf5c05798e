package waybill.store.mongo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import waybill.engine.Decision;
import waybill.fact.Fact;
import waybill.job.Job;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;
import waybill.store.ActionRecord;
import waybill.store.HistoryEntry;
import waybill.store.StaleJobException;
import waybill.store.Store;
import waybill.store.StoreUnavailableException;
import waybill.timers.Due;

/**
 * A MongoDB store whose every operation goes through one {@link Reachability}: with the database away,
 * operations fail with {@link StoreUnavailableException} within the driver's bounded timeouts, and at
 * once after the first such failure, until a probe finds it back. Used for a MongoDB shared by instances.
 */
final class ReachableStore implements Store {
    private final MongoStore store;
    private final Reachability reach;
    private final ActivationLog activations;

    ReachableStore(MongoStore store, Reachability reach) {
        this.store = store;
        this.reach = reach;
        ActivationLog log = store.activations();
        this.activations = new ActivationLog() {
            @Override
            public void recordActivation(Activation activation) {
                reach.call(() -> {
                    log.recordActivation(activation);
                    return null;
                });
            }

            @Override
            public List<Activation> activations(int limit) {
                return reach.call(() -> log.activations(limit));
            }
        };
    }

    @Override
    public Optional<Job> find(String jobId) {
        return reach.call(() -> store.find(jobId));
    }

    @Override
    public Optional<Decision> decided(String jobId, String factId) {
        return reach.call(() -> store.decided(jobId, factId));
    }

    @Override
    public void commit(Decision decision) throws StaleJobException {
        reach.<Void, StaleJobException>call(() -> {
            store.commit(decision);
            return null;
        });
    }

    @Override
    public void refused(Decision decision) {
        reach.call(() -> {
            store.refused(decision);
            return null;
        });
    }

    @Override
    public Optional<Due> nextDue(Instant until) {
        return reach.call(() -> store.nextDue(until));
    }

    @Override
    public List<Job> list(String subscriptionId, String resourceGroup, String state, String after, int top) {
        return reach.call(() -> store.list(subscriptionId, resourceGroup, state, after, top));
    }

    @Override
    public List<HistoryEntry> history(String jobId) {
        return reach.call(() -> store.history(jobId));
    }

    @Override
    public Map<String, List<Fact>> openJobFacts() {
        return reach.call(store::openJobFacts);
    }

    @Override
    public List<ActionRecord> actions(String status) {
        return reach.call(() -> store.actions(status));
    }

    @Override
    public Optional<ActionRecord> completeAction(String id, Instant at) {
        return reach.call(() -> store.completeAction(id, at));
    }

    @Override
    public ActivationLog activations() {
        return activations;
    }

    /** False at once while the database is known away (between probes); else a ping, bounded by the timeouts. */
    @Override
    public boolean healthy() {
        try {
            return reach.call(() -> {
                store.ping();
                return true;
            });
        } catch (StoreUnavailableException | com.mongodb.MongoException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
