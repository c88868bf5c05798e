package waybill.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import waybill.drive.DriveState;
import waybill.engine.Transition;
import waybill.job.JobState;

/**
 * The state machine of the job or of a drive as the active rules make it: every state (with the live
 * count of jobs or drives in it), each edge a state change some rule makes, labelled with the rules'
 * names. Faulted and NeverReceived are the error states; edges into or out of them are the error paths.
 */
public final class DiagramModel {
    static final String START = "start";
    private static final Set<String> ERRORS = Set.of("Faulted", "NeverReceived");
    /** Label lines are wrapped here, and an edge lists at most this many rules in its drawn label. */
    private static final int WRAP = 22;

    private static final int SHOWN = 3;

    private DiagramModel() {}

    /** The diagram as JSON answers it. */
    public record Json(String entity, String revision, int scenarios, List<State> states, List<RuleAtlas.Edge> edges) {}

    public record State(String state, int count, boolean error) {}

    public static List<String> states(String entity) {
        List<String> out = new ArrayList<>();
        if (Transition.JOB.equals(entity)) {
            for (JobState s : JobState.values()) {
                out.add(s.name());
            }
        } else {
            for (DriveState s : DriveState.values()) {
                out.add(s.name());
            }
        }
        return out;
    }

    public static Json json(String entity, RuleAtlas.Atlas atlas, Map<String, Integer> counts) {
        List<State> states = new ArrayList<>();
        for (String s : states(entity)) {
            states.add(new State(s, counts.getOrDefault(s, 0), ERRORS.contains(s)));
        }
        List<RuleAtlas.Edge> edges = atlas.edges().getOrDefault(entity, List.of()).stream()
                .map(e -> new RuleAtlas.Edge(e.from() == null ? START : e.from(), e.to(), e.rules()))
                .toList();
        return new Json(entity, atlas.revision(), atlas.scenarios(), states, edges);
    }

    public static String svg(Json j) {
        List<DiagramLayout.Node> nodes = new ArrayList<>();
        nodes.add(new DiagramLayout.Node(START, "(created)", "", false));
        for (State s : j.states()) {
            String unit = Transition.JOB.equals(j.entity())
                    ? (s.count() == 1 ? "job" : "jobs")
                    : s.count() == 1 ? "drive" : "drives";
            nodes.add(new DiagramLayout.Node(s.state(), s.state(), s.count() + " " + unit, s.error()));
        }
        List<DiagramLayout.Arc> arcs = new ArrayList<>();
        Map<String, Boolean> known = new LinkedHashMap<>();
        nodes.forEach(n -> known.put(n.id(), true));
        for (RuleAtlas.Edge e : j.edges()) {
            if (known.containsKey(e.from()) && known.containsKey(e.to())) {
                boolean error = ERRORS.contains(e.from()) || ERRORS.contains(e.to());
                arcs.add(new DiagramLayout.Arc(e.from(), e.to(), label(List.copyOf(e.rules())), error));
            }
        }
        String title = (Transition.JOB.equals(j.entity()) ? "Job" : "Drive") + " states the rules of revision "
                + j.revision() + " make";
        return DiagramSvg.write(title, DiagramLayout.layout(nodes, arcs));
    }

    private static List<String> label(List<String> rules) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Math.min(SHOWN, rules.size()); i++) {
            lines.addAll(wrap("• " + rules.get(i)));
        }
        if (rules.size() > SHOWN) {
            lines.add("  and " + (rules.size() - SHOWN) + " more rule(s)");
        }
        return lines;
    }

    private static List<String> wrap(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WRAP) {
                out.add(line.toString());
                line = new StringBuilder("  ");
            }
            if (line.length() > 0 && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }
}
