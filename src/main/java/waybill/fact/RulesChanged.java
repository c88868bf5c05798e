package waybill.fact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import waybill.job.DeadlineName;

/**
 * Operations activated new rules and asked for the open jobs' deadlines to follow them: each move names
 * a pending deadline, the instant it is at ({@code from}) and the instant the new rules give it
 * ({@code to}), found by deciding the job's recorded facts again under the new rules. The service makes
 * this fact when a reload asks for it; clients cannot submit it. Its factId is the activation's, so the
 * same activation moves a job's deadlines at most once.
 */
public class RulesChanged extends Fact {
    /** One deadline to move: from the instant it is at to the instant the new rules give it. */
    public static class Move {
        private DeadlineName deadline;
        private Instant from;
        private Instant to;

        public Move() {}

        public Move(DeadlineName deadline, Instant from, Instant to) {
            this.deadline = deadline;
            this.from = from;
            this.to = to;
        }

        public DeadlineName getDeadline() {
            return deadline;
        }

        public void setDeadline(DeadlineName v) {
            deadline = v;
        }

        public Instant getFrom() {
            return from;
        }

        public void setFrom(Instant v) {
            from = v;
        }

        public Instant getTo() {
            return to;
        }

        public void setTo(Instant v) {
            to = v;
        }

        /** How far it moves (negative: earlier). */
        public Duration shift() {
            return Duration.between(from, to);
        }
    }

    private String fromRevision;
    private String toRevision;
    private List<Move> moves = new ArrayList<>();

    public RulesChanged() {}

    public RulesChanged(String jobId, String fromRevision, String toRevision, List<Move> moves) {
        setJobId(jobId);
        this.fromRevision = fromRevision;
        this.toRevision = toRevision;
        this.moves = new ArrayList<>(moves);
    }

    /** The factId of the decision an activation makes on a job: one per job and activation. */
    public static String key(String toRevision, Instant activatedAt) {
        return "rules-changed:" + toRevision + "@" + activatedAt;
    }

    public String getFromRevision() {
        return fromRevision;
    }

    public void setFromRevision(String v) {
        fromRevision = v;
    }

    public String getToRevision() {
        return toRevision;
    }

    public void setToRevision(String v) {
        toRevision = v;
    }

    public List<Move> getMoves() {
        return moves;
    }

    public void setMoves(List<Move> v) {
        moves = v == null ? new ArrayList<>() : v;
    }

    /** The instant the deadline {@code name} at {@code at} moves to, or null when it does not move. */
    public Instant movedTo(DeadlineName name, Instant at) {
        for (Move m : moves) {
            if (m.getDeadline() == name && at.equals(m.getFrom())) {
                return m.getTo();
            }
        }
        return null;
    }
}
