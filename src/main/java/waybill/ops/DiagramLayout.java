package waybill.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.CycleBreakingStrategy;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays a state machine out with the Eclipse Layout Kernel's layered algorithm (the Java original that
 * elkjs is compiled from): states as boxes, each edge routed with its label of rule names placed by
 * the algorithm so labels do not overlap boxes. Pure: the same graph gives the same drawing.
 */
final class DiagramLayout {
    static final double CHAR = 6.2; // width of one character of the labels' 11px sans-serif, a little generous
    static final double LINE = 14;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private DiagramLayout() {}

    record Box(String id, String title, String subtitle, double x, double y, double w, double h, boolean error) {}

    record Line(
            String from,
            String to,
            List<double[]> points,
            List<String> label,
            double lx,
            double ly,
            double lw,
            double lh,
            boolean error) {}

    record Drawing(double width, double height, List<Box> boxes, List<Line> lines) {}

    /** A node to lay out: its id, title, subtitle (the live count) and whether it is an error state. */
    record Node(String id, String title, String subtitle, boolean error) {}

    /** An edge to lay out, its label lines, and whether it leads to or from an error state. */
    record Arc(String from, String to, List<String> label, boolean error) {}

    static synchronized Drawing layout(List<Node> nodes, List<Arc> arcs) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 22.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 6.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE, 8.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 8.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 6.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 4.0);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(16));
        // the states in their life-cycle order: edges back up the cycle (resumes, re-arrivals) are the back edges
        root.setProperty(LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
        root.setProperty(LayeredOptions.CYCLE_BREAKING_STRATEGY, CycleBreakingStrategy.MODEL_ORDER);
        Map<String, ElkNode> byId = new LinkedHashMap<>();
        for (Node n : nodes) {
            ElkNode e = ElkGraphUtil.createNode(root);
            e.setIdentifier(n.id());
            double w = Math.max(n.title().length(), n.subtitle().length()) * 7.5 + 28;
            e.setDimensions(Math.max(w, 110), 44);
            byId.put(n.id(), e);
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (Arc a : arcs) {
            ElkEdge e = ElkGraphUtil.createSimpleEdge(byId.get(a.from()), byId.get(a.to()));
            if (!a.label().isEmpty()) {
                ElkLabel l = ElkGraphUtil.createLabel(String.join("\n", a.label()), e);
                int longest = a.label().stream().mapToInt(String::length).max().orElse(0);
                l.setDimensions(longest * CHAR + 8, a.label().size() * LINE + 4);
                l.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            }
            edges.add(e);
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        List<Box> boxes = new ArrayList<>();
        for (Node n : nodes) {
            ElkNode e = byId.get(n.id());
            boxes.add(new Box(
                    n.id(), n.title(), n.subtitle(), e.getX(), e.getY(), e.getWidth(), e.getHeight(), n.error()));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < arcs.size(); i++) {
            Arc a = arcs.get(i);
            ElkEdge e = edges.get(i);
            List<double[]> pts = new ArrayList<>();
            for (ElkEdgeSection s : e.getSections()) {
                pts.add(new double[] {s.getStartX(), s.getStartY()});
                for (ElkBendPoint b : s.getBendPoints()) {
                    pts.add(new double[] {b.getX(), b.getY()});
                }
                pts.add(new double[] {s.getEndX(), s.getEndY()});
            }
            ElkLabel l = e.getLabels().isEmpty() ? null : e.getLabels().get(0);
            lines.add(new Line(
                    a.from(),
                    a.to(),
                    pts,
                    a.label(),
                    l == null ? 0 : l.getX(),
                    l == null ? 0 : l.getY(),
                    l == null ? 0 : l.getWidth(),
                    l == null ? 0 : l.getHeight(),
                    a.error()));
        }
        return new Drawing(root.getWidth(), root.getHeight(), boxes, lines);
    }
}
