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
import waybill.rulesops.history.Published;
import waybill.store.ActionRecord;
import waybill.store.DueClaims;
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
            public void publish(Activation activation, Map<String, String> files) {
                reach.call(() -> {
                    log.publish(activation, files);
                    return null;
                });
            }

            @Override
            public List<Activation> activations(int limit) {
                return reach.call(() -> log.activations(limit));
            }

            @Override
            public long newestSequence() {
                return reach.call(log::newestSequence);
            }

            @Override
            public Optional<Published> published(long sequence) {
                return reach.call(() -> log.published(sequence));
            }

            @Override
            public void recordRetimeFinished(String revision, java.time.Instant activatedAt) {
                reach.call(() -> {
                    log.recordRetimeFinished(revision, activatedAt);
                    return null;
                });
            }

            @Override
            public boolean retimeFinished(String revision, java.time.Instant activatedAt) {
                return reach.call(() -> log.retimeFinished(revision, activatedAt));
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

    /** On a shared MongoDB a write is durable when it returns (majority write concern per insert). */
    @Override
    public Written write(Decision decision) throws StaleJobException {
        return reach.<Written, StaleJobException>call(() -> store.write(decision));
    }

    @Override
    public List<String> dueJobs(Instant until, int max) {
        return reach.call(() -> store.dueJobs(until, max));
    }

    @Override
    public boolean warming() {
        return store.warming();
    }

    /** Waits until start-up has read every job. */
    void awaitWarm() {
        store.awaitWarm();
    }

    @Override
    public java.util.Optional<waybill.store.Backup> backup() {
        return store.backup().map(b -> (out, at) -> reach.call(() -> b.writeTo(out, at)));
    }

    @Override
    public waybill.store.DeliveryLog deliveries() {
        return store.deliveries();
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
    public void forEachOpenJob(java.util.function.BiConsumer<String, List<Fact>> each) {
        reach.call(() -> {
            store.forEachOpenJob(each);
            return null;
        });
    }

    @Override
    public List<ActionRecord> actions(String status) {
        return reach.call(() -> store.actions(status));
    }

    @Override
    public Optional<ActionRecord> completeAction(String id, Instant at) {
        return completeAction(id, at, null);
    }

    @Override
    public Optional<ActionRecord> completeAction(String id, Instant at, String by) {
        return reach.call(() -> store.completeAction(id, at, by));
    }

    @Override
    public void forEachJob(java.util.function.Consumer<Job> each) {
        reach.call(() -> {
            store.forEachJob(each);
            return null;
        });
    }

    @Override
    public List<Decision> decisions(String jobId) {
        return reach.call(() -> store.decisions(jobId));
    }

    /** The operators' views' reads: each bounded by the driver's timeouts, as every read here is. */
    @Override
    public waybill.store.OpsReads opsReads() {
        return store.opsReads();
    }

    @Override
    public ActivationLog activations() {
        return activations;
    }

    @Override
    public Optional<DueClaims> dueClaims() {
        TimerLeases leases = store.leases();
        return Optional.of(new DueClaims() {
            @Override
            public List<Claim> claim(Instant now, int max, String node, java.time.Duration lease) {
                return reach.call(() -> leases.claim(now, max, node, lease));
            }

            @Override
            public void release(Claim claim) {
                reach.call(() -> {
                    leases.release(claim);
                    return null;
                });
            }
        });
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

    /** Other instances write this database too: the rules follow its newest activation. */
    @Override
    public boolean shared() {
        return true;
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
