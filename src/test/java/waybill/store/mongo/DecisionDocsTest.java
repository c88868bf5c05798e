package waybill.store.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import waybill.bench.Stories;
import waybill.engine.Decision;
import waybill.engine.Engine;
import waybill.store.StoreTestSupport;

/** The decision log's JSON, written with the job spliced in, is the JSON of the decision written whole. */
class DecisionDocsTest {
    @Test
    void theSplicedJobGivesTheSameTextAsTheWholeDecision() throws Exception {
        var rules = StoreTestSupport.rules();
        int compared = 0;
        for (Stories.Call call : Stories.record(rules)) {
            Decision d = Engine.decide(rules, call.before(), call.fact(), call.at());
            if (d.job() == null || d.deletesJob()) {
                continue;
            }
            ObjectNode whole = Codec.JSON.valueToTree(d);
            whole.remove("before");
            assertEquals(Codec.write(whole), DecisionDocs.withJob(d, Codec.write(d.job())), call.summary());
            compared++;
        }
        assertTrue(compared > 50, "compared " + compared + " decisions of the benchmark's stories");
    }
}
