package waybill.rulesops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
    synchronized Activation keepIn(ActivationLog kept, Activation start) {
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
                    start.node());
        }
        history.clear();
        history.addAll(earlier);
        log = kept;
        add(start);
        return start;
    }

    /** Adds to the history (which keeps the newest {@value #HISTORY}) and to the log, if any. */
    synchronized void add(Activation activation) {
        history.addLast(activation);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        if (log == null) {
            return;
        }
        try {
            log.recordActivation(activation);
        } catch (RuntimeException e) {
            // the rulebook is active either way; only its line in the kept history is missing
            LOG.warn(
                    "could not keep the activation of revision {} in the store: {}",
                    activation.revision(),
                    e.toString());
        }
    }

    synchronized List<Activation> list() {
        return new ArrayList<>(history);
    }
}
