package waybill.engine;

import java.util.ArrayList;
import java.util.List;
import waybill.drive.DriveState;
import waybill.job.JobState;
import waybill.job.StateLog;

/** Collects the state changes of one decision, each stamped with the rule firing at the time. */
public class TransitionLog implements StateLog {
    private final List<Transition> transitions = new ArrayList<>();
    private String currentRule;

    void firing(String rule) {
        currentRule = rule;
    }

    String currentRule() {
        return currentRule;
    }

    @Override
    public void job(JobState from, JobState to) {
        transitions.add(new Transition(Transition.JOB, null, name(from), name(to), currentRule));
    }

    @Override
    public void drive(String driveId, DriveState from, DriveState to) {
        transitions.add(new Transition(Transition.DRIVE, driveId, name(from), name(to), currentRule));
    }

    List<Transition> transitions() {
        return transitions;
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }
}
