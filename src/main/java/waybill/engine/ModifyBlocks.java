package waybill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.drools.compiler.compiler.BoundIdentifiers;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaContainerBlockDescr;
import org.drools.compiler.rule.builder.dialect.java.parser.JavaModifyBlockDescr;
import org.drools.mvel.java.JavaExprAnalyzer;

/**
 * A consequence as plain Java: Drools' own Java analyser (the one its compiler uses) finds the
 * {@code modify(x) { a, b }} blocks, which are written as the calls they stand for, so a Java parser can
 * read the rest. Lines are kept, so positions in the result are positions in the rule file.
 */
final class ModifyBlocks {
    private ModifyBlocks() {}

    static String plain(String code) throws Exception {
        return unmodify(
                code,
                new JavaExprAnalyzer()
                        .analyzeBlock(code, new BoundIdentifiers(Map.of(), null))
                        .getBlockDescrs());
    }

    /** The code with each modify block written as {@code modify(x); x.a(..); x.b(..);}, lines kept. */
    private static String unmodify(String code, JavaContainerBlockDescr root) {
        List<JavaModifyBlockDescr> blocks = new ArrayList<>();
        collect(root, blocks);
        blocks.sort((a, b) -> Integer.compare(b.getStart(), a.getStart()));
        StringBuilder out = new StringBuilder(code);
        for (JavaModifyBlockDescr m : blocks) {
            int start = m.getStart() - 1; // Drools' analyser counts from one
            String original = code.substring(start, m.getEnd());
            StringBuilder plain = new StringBuilder("modify(" + m.getTargetExpression() + ");");
            for (String e : m.getExpressions()) {
                plain.append(" (")
                        .append(m.getTargetExpression())
                        .append(").")
                        .append(e.strip())
                        .append(";");
            }
            plain.append(
                    "\n".repeat((int) original.chars().filter(ch -> ch == '\n').count()));
            out.replace(start, m.getEnd(), plain.toString());
        }
        return out.toString();
    }

    private static void collect(JavaBlockDescr block, List<JavaModifyBlockDescr> out) {
        if (block instanceof JavaModifyBlockDescr m) {
            out.add(m);
        } else if (block instanceof JavaContainerBlockDescr c) {
            c.getJavaBlockDescrs().forEach(child -> collect(child, out));
        }
    }
}
