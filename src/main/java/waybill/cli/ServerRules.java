package waybill.cli;

import java.io.IOException;
import java.time.Clock;
import waybill.config.ServiceConfig;
import waybill.engine.CompiledRules;
import waybill.engine.RuleCompileException;
import waybill.rulesops.RulesHolder;
import waybill.timers.ManualClock;

/**
 * The service's clock and its rules compiled from the folder: what the server needs that does not depend
 * on the store, so {@code serve} compiles it while the store opens.
 */
record ServerRules(Clock clock, RulesHolder rules, boolean fromCompiled) {
    /** Where the data folder keeps the rulebooks compiled at earlier starts. */
    static final String COMPILED = "compiled-rules";

    /**
     * The clock the configuration asks for, and the rules folder compiled under it (or loaded as compiled at
     * an earlier start with the same files, kept in the data folder); a rules error is thrown.
     */
    static ServerRules compile(ServiceConfig config) throws IOException, RuleCompileException {
        Clock clock = config.manualClock() ? new ManualClock(config.start()) : Clock.systemUTC();
        CompiledRules compiled = new CompiledRules(config.dataDir().resolve(COMPILED));
        RulesHolder rules = RulesHolder.load(config.rulesDir(), config.fixturesDir(), clock, config.budget(), compiled);
        return new ServerRules(clock, rules, compiled.loaded() > 0);
    }
}
