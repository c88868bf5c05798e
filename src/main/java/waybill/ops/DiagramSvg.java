package waybill.ops;

import java.util.Locale;

/** Writes a laid-out state machine as a standalone SVG document (labels escaped; no script, no links). */
final class DiagramSvg {
    private DiagramSvg() {}

    static String write(String title, DiagramLayout.Drawing d) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"")
                .append(esc(title))
                .append("\" viewBox=\"0 0 ")
                .append(n(d.width()))
                .append(' ')
                .append(n(d.height()))
                .append("\" width=\"")
                .append(n(d.width()))
                .append("\" height=\"")
                .append(n(d.height()))
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n");
        b.append("<title>").append(esc(title)).append("</title>\n");
        b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" ")
                .append(
                        "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#455a64\"/>")
                .append("</marker><marker id=\"arrow-error\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" ")
                .append(
                        "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" ")
                .append("fill=\"#c62828\"/></marker></defs>\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (DiagramLayout.Line l : d.lines()) {
            String colour = l.error() ? "#c62828" : "#455a64";
            b.append("<g class=\"edge\" data-from=\"")
                    .append(esc(l.from()))
                    .append("\" data-to=\"")
                    .append(esc(l.to()))
                    .append("\"><title>")
                    .append(esc(l.from() + " → " + l.to() + ": " + String.join(" ", l.label())))
                    .append("</title><polyline fill=\"none\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"1.4\"")
                    .append(l.error() ? " stroke-dasharray=\"5 3\"" : "")
                    .append(" marker-end=\"url(#")
                    .append(l.error() ? "arrow-error" : "arrow")
                    .append(")\" points=\"");
            for (double[] p : l.points()) {
                b.append(n(p[0])).append(',').append(n(p[1])).append(' ');
            }
            b.append("\"/>");
            if (!l.label().isEmpty()) {
                b.append("<rect x=\"").append(n(l.lx())).append("\" y=\"").append(n(l.ly()));
                b.append("\" width=\"").append(n(l.lw())).append("\" height=\"").append(n(l.lh()));
                b.append("\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>");
                double y = l.ly() + DiagramLayout.LINE;
                for (String line : l.label()) {
                    b.append("<text x=\"")
                            .append(n(l.lx() + 4))
                            .append("\" y=\"")
                            .append(n(y - 2));
                    b.append("\" font-size=\"11\" fill=\"")
                            .append(l.error() ? "#b71c1c" : "#263238")
                            .append("\">");
                    b.append(esc(line)).append("</text>");
                    y += DiagramLayout.LINE;
                }
            }
            b.append("</g>\n");
        }
        for (DiagramLayout.Box x : d.boxes()) {
            String fill = x.id().equals(DiagramModel.START) ? "#eceff1" : x.error() ? "#ffebee" : "#e3f2fd";
            String stroke = x.error() ? "#c62828" : "#1565c0";
            b.append("<g class=\"state\" data-state=\"").append(esc(x.id())).append("\">");
            b.append("<rect x=\"").append(n(x.x())).append("\" y=\"").append(n(x.y()));
            b.append("\" width=\"").append(n(x.w())).append("\" height=\"").append(n(x.h()));
            b.append("\" rx=\"8\" fill=\"").append(fill).append("\" stroke=\"").append(stroke);
            b.append("\" stroke-width=\"1.6\"/>");
            double cx = x.x() + x.w() / 2;
            b.append("<text x=\"").append(n(cx)).append("\" y=\"").append(n(x.y() + 19));
            b.append("\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#0d1b2a\">");
            b.append(esc(x.title())).append("</text>");
            b.append("<text x=\"").append(n(cx)).append("\" y=\"").append(n(x.y() + 35));
            b.append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#37474f\">");
            b.append(esc(x.subtitle())).append("</text></g>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
