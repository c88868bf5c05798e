package waybill.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import waybill.engine.Decision;
import waybill.engine.FiredRule;

/** How many times each rule has fired in this service's decisions since start (dry runs not counted). */
public final class FireCounts {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void decided(Decision d) {
        for (FiredRule r : d.firedRules()) {
            counts.computeIfAbsent(r.name(), k -> new LongAdder()).increment();
        }
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
