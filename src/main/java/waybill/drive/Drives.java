package waybill.drive;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** What the rules ask of a job's list of drives, computed here so that rule consequences hold no loops. */
public final class Drives {
    private Drives() {}

    /** The ids of the drives in one of the states, in the list's order. */
    public static List<String> idsIn(List<Drive> drives, DriveState... states) {
        EnumSet<DriveState> wanted = EnumSet.noneOf(DriveState.class);
        wanted.addAll(List.of(states));
        List<String> out = new ArrayList<>();
        for (Drive d : drives) {
            if (d.getState() != null && wanted.contains(d.getState())) {
                out.add(d.getDriveId());
            }
        }
        return out;
    }

    /**
     * A new drive list replaces the drives named before: the drives with a state (named before) leave the
     * list, the requested ones (no state yet) become Specified. Returns the drives that left.
     */
    public static List<Drive> replaceByRequested(List<Drive> drives) {
        List<Drive> gone = new ArrayList<>();
        for (Drive d : new ArrayList<>(drives)) {
            if (d.getState() != null) {
                drives.remove(d);
                gone.add(d);
            } else {
                d.setState(DriveState.Specified);
            }
        }
        return gone;
    }
}
