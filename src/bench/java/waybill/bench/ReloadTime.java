package waybill.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import waybill.rulesops.RulesHolder;
import waybill.rulesops.history.Trigger;

/**
 * How long a reload of the full rulebook takes: read the folder, compile it beside the active rulebook,
 * replay every fixture against it (the gate) and swap. Each reload follows a one-line edit of a rule file,
 * so every one compiles and checks a new revision. Also times forced reloads (compile only, no gate).
 *
 * <p>{@code ReloadTime [reloads]} (default 12), from the repository (reads {@code rules/} and
 * {@code fixtures/}; edits a copy of the rules in a temporary folder). See docs/benchmarks.md, "Rule reload".
 */
public final class ReloadTime {
    private ReloadTime() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        Path dir = waybill.api.TestServer.copyRules(Files.createTempDirectory("waybill-reload"));
        long t0 = System.nanoTime();
        RulesHolder holder = RulesHolder.load(dir, Path.of("fixtures"), Clock.systemUTC());
        System.out.printf(
                "start (compile only, cold JVM): %d ms, %d rules%n",
                (System.nanoTime() - t0) / 1_000_000, holder.get().rules().size());
        int[] edit = {0};
        List<Long> gated = time(holder, dir, n, false, edit);
        int scenarios = holder.current().scenariosPassed();
        List<Long> forced = time(holder, dir, n, true, edit);
        report("gated reload (compile + " + scenarios + " scenarios + swap)", gated);
        report("forced reload (compile + swap)", forced);
        System.exit(0);
    }

    private static List<Long> time(RulesHolder holder, Path dir, int n, boolean force, int[] edit) throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("progress.drl");
            Files.writeString(f, Files.readString(f) + "\n// edit " + (++edit[0]) + "\n");
            long t = System.nanoTime();
            RulesHolder.Result r = holder.reload(force ? Trigger.FORCED : Trigger.API, force);
            long took = (System.nanoTime() - t) / 1_000_000;
            if (!r.activated()) {
                throw new IllegalStateException("reload " + i + " was not activated: " + r);
            }
            ms.add(took);
            System.out.printf(
                    "  %s reload %2d: %5d ms (revision %s)%n",
                    force ? "forced" : "gated", i + 1, took, r.activation().revision());
        }
        return ms;
    }

    private static void report(String what, List<Long> ms) {
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        long median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        System.out.printf(
                "%s, %d reloads: min %d ms, median %d ms, max %d ms%n",
                what, s.size(), s.get(0), median, s.get(s.size() - 1));
    }
}
