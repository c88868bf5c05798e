package waybill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import waybill.access.Role;
import waybill.config.ServiceConfig.ClockMode;
import waybill.json.Mappers;
import waybill.rulesops.history.Trigger;

/** Enum constants are Java style in code; what operators type and read keeps its lower-case spelling. */
class WireSpellingTest {
    @Test
    void theClockFlagTakesSystemAndManualAndNamesTheChoicesOtherwise() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--clock", "manual");
        assertEquals(ClockMode.MANUAL, serve.clock);
        ServeCommand byDefault = new ServeCommand();
        new CommandLine(byDefault).parseArgs();
        assertEquals(ClockMode.SYSTEM, byDefault.clock);
        CommandLine.ParameterException e = assertThrows(
                CommandLine.ParameterException.class,
                () -> new CommandLine(new ServeCommand()).parseArgs("--clock", "MANUAL"));
        assertTrue(e.getMessage().contains("expected one of [system, manual]"), e.getMessage());
    }

    @Test
    void rolesAndTriggersAreWrittenAndReadInLowerCase() throws Exception {
        assertEquals("\"admin\"", Mappers.json().writeValueAsString(Role.ADMIN));
        assertEquals(Role.CUSTOMER, Mappers.json().readValue("\"customer\"", Role.class));
        assertEquals("operator", "" + Role.OPERATOR);
        assertEquals("\"forced\"", Mappers.json().writeValueAsString(Trigger.FORCED));
        assertEquals(Trigger.WATCH, Mappers.json().readValue("\"watch\"", Trigger.class));
        assertThrows(IllegalArgumentException.class, () -> Role.parse("ADMIN"));
    }
}
