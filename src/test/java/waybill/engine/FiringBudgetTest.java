package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;
import waybill.azure.PutJobParameters;
import waybill.fact.CreateJob;
import waybill.job.JobState;

/**
 * A firing that runs past its decision's time is interrupted inside the rule: the decision is refused as over
 * budget, and the rulebook keeps deciding.
 */
class FiringBudgetTest {
    /** Small, so the interrupted firing ends soon; past the first firings' class loading on a loaded machine. */
    static final Budget SMALL = new Budget(Budget.DEFAULT_FIRINGS, Duration.ofMillis(300));

    @Test
    void aFiringThatRecursesPastTheBudgetIsInterruptedAndTheNextDecisionIsMade() throws Exception {
        Rulebook rb = RulebookLoader.compile(RuleSafetyTest.shippedWith("fans-out.drl"), RuleSafetyTest.T0, SMALL);
        try {
            RuleFailure f = assertThrows(
                    RuleFailure.class, () -> Engine.decide(rb, null, EngineTest.create(), RuleSafetyTest.T0));
            assertEquals(RuleFailure.Kind.BudgetExceeded, f.kind());
            assertEquals("Fans out for ever", f.rule());
            assertEquals("fans-out.drl:14", f.at());
            assertTrue(f.getMessage().contains("was interrupted"), f.getMessage());
            assertTrue(f.getMessage().contains("bound of 300 ms"), f.getMessage());

            // the same rulebook decides on: a create that ends in validate never reaches the rule
            CreateJob invalid = new CreateJob();
            invalid.setJobId(EngineTest.JOB);
            invalid.setRequest(new PutJobParameters());
            Decision refused = Engine.decide(rb, null, invalid, RuleSafetyTest.T0);
            assertFalse(refused.accepted());
            assertFalse(refused.rejections().isEmpty());
        } finally {
            RulebookLoader.retire(rb);
        }
        // and the thread that ran it decides under other rules unchecked by the old deadline
        Rulebook shipped = RulebookLoader.load(Path.of("rules"), RuleSafetyTest.T0, SMALL);
        try {
            Decision made = Engine.decide(shipped, null, EngineTest.create(), RuleSafetyTest.T0);
            assertTrue(made.accepted());
            assertEquals(JobState.Creating, made.job().getState());
        } finally {
            RulebookLoader.retire(shipped);
        }
    }

    @Test
    void aConsequenceThatLoopsForeverIsInterruptedEvenWhereOnlyTheBytecodeGuardReadsIt() throws Exception {
        // `while (true)` is refused by the source check; the bytecode guard alone cannot see a loop
        Map<String, String> files = new TreeMap<>(RulebookLoader.read(Path.of("rules")));
        files.put(
                "spin.drl",
                Files.readString(RuleSafetyTest.CORPUS.resolve("endless-loop.drl"))
                        .replace("while (true) { }", "int x = 0; while (true) { x++; }"));
        Rulebook rb = RulebookLoader.compile(files, RuleSafetyTest.T0, SMALL, false);
        try {
            RuleFailure f = assertThrows(
                    RuleFailure.class, () -> Engine.decide(rb, null, EngineTest.create(), RuleSafetyTest.T0));
            assertEquals(RuleFailure.Kind.BudgetExceeded, f.kind());
            assertEquals("Spin", f.rule());
            assertTrue(f.getMessage().contains("was interrupted"), f.getMessage());
        } finally {
            RulebookLoader.retire(rb);
        }
    }

    @Test
    void everyConsequenceChecksTheTimeAndNoRuleDeclarationDoes() throws Exception {
        Rulebook rb = RulebookLoader.load(Path.of("rules"), RuleSafetyTest.T0);
        try {
            InternalKieModule module =
                    (InternalKieModule) KieServices.get().getRepository().getKieModule(rb.releaseId());
            int consequences = 0;
            for (String f : module.getFileNames()) {
                if (!f.endsWith(".class")) {
                    continue;
                }
                String simple = f.substring(f.lastIndexOf('/') + 1);
                for (BytecodeGuard.Ref ref : BytecodeGuard.references(module.getBytes(f))) {
                    boolean check = ref.owner().equals(FiringChecks.OWNER) && FiringChecks.METHOD.equals(ref.member());
                    if (check) {
                        assertFalse(
                                ref.method() == null || ref.method().startsWith("rule_"),
                                f + " checks outside rule code, in " + ref.method());
                        assertFalse(
                                simple.startsWith("ProjectModel_") || simple.startsWith("DomainClassesMetadata"), f);
                        if (simple.startsWith("LambdaConsequence")
                                && ref.method().equals("execute")) {
                            consequences++;
                        }
                    }
                }
            }
            assertTrue(consequences >= rb.rules().size() / 2, "consequences checked: " + consequences);
        } finally {
            RulebookLoader.retire(rb);
        }
    }

    @Test
    void ruleCodeOutsideADecisionIsNotChecked() {
        FiringBudget.Saved before = FiringBudget.start(-1); // a budget already spent
        try {
            assertThrows(FiringBudget.Overrun.class, FiringBudget::check);
        } finally {
            FiringBudget.restore(before);
        }
        FiringBudget.check(); // no decision on this thread: nothing to interrupt
    }
}
