package waybill.rulesops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import waybill.rulesops.history.Activation;
import waybill.rulesops.history.ActivationLog;

/**
 * The activations of the rules, the newest {@value #HISTORY}, oldest first; also kept in an
 * {@link ActivationLog} when one is given, so the history survives a restart.
 */
final class ActivationHistory {
    private static final Logger LOG = LoggerFactory.getLogger(ActivationHistory.class);
    static final int HISTORY = 100;

    private final Deque<Activation> history = new ArrayDeque<>();
    /** Where activations are also kept; null: in memory only. */
    private ActivationLog log;

    ActivationHistory(Activation first) {
        history.addLast(first);
    }

    /**
     * Keeps every activation in {@code kept} from now on, and takes the ones it kept before into the
     * history; answers {@code start} naming the revision that was active last.
     */
    synchronized Activation keepIn(ActivationLog kept, Activation start, Map<String, String> files) {
        List<Activation> earlier = kept.activations(HISTORY);
        if (!earlier.isEmpty() && start.previousRevision() == null) {
            start = new Activation(
                    start.revision(),
                    start.activatedAt(),
                    start.trigger(),
                    start.forced(),
                    earlier.get(earlier.size() - 1).revision(),
                    start.changedFiles(),
                    start.rules(),
                    start.scenariosPassed(),
                    start.reloadMillis(),
                    start.node(),
                    start.activatedBy(),
                    start.retime());
        }
        history.clear();
        history.addAll(earlier);
        log = kept;
        add(start, files);
        return start;
    }

    /** Keeps activations in {@code kept} from now on (shared by instances), taking in those it holds. */
    synchronized void followIn(ActivationLog kept) {
        List<Activation> earlier = kept.activations(HISTORY);
        history.clear();
        history.addAll(earlier);
        log = kept;
    }

    /** An activation another instance published: already in the log, remembered here for when it is away. */
    synchronized void remember(Activation activation) {
        history.addLast(activation);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** Adds to the history (which keeps the newest {@value #HISTORY}) and to the log with its files, if any. */
    synchronized void add(Activation activation, Map<String, String> files) {
        remember(activation);
        if (log == null) {
            return;
        }
        try {
            log.publish(activation, files);
        } catch (RuntimeException e) {
            // the rulebook is active either way; only its line in the kept history is missing
            LOG.warn(
                    "could not keep the activation of revision {} in the store: {}",
                    activation.revision(),
                    e.toString());
        }
    }

    /**
     * The history: read from the log when there is one (with instances sharing it, one list for the
     * cluster, whoever activated), else, or while the store is away, as this process remembers it.
     */
    List<Activation> list() {
        ActivationLog kept;
        synchronized (this) {
            kept = log;
        }
        if (kept != null) {
            try {
                return kept.activations(HISTORY);
            } catch (RuntimeException e) {
                LOG.debug("reading the kept rules history: {}", e.toString());
            }
        }
        synchronized (this) {
            return new ArrayList<>(history);
        }
    }
}
