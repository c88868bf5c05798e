package waybill.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys carry names (what decisions, action completions and reloads record); unnamed keys get role#n. */
class KeyNamesTest {
    static final String A = "aaaaaaaaaaaaaaaaaaaa";
    static final String B = "bbbbbbbbbbbbbbbbbbbb";

    @Test
    void aNameFollowsTheRoleAfterAnAt() {
        ApiKeys keys = ApiKeys.parse(A + "=operator@dana," + B + "=customer:s1|s2@contoso", "env");
        assertEquals("dana", keys.authenticate(A).orElseThrow().name());
        ApiKeys.Principal c = keys.authenticate(B).orElseThrow();
        assertEquals("contoso", c.name());
        assertEquals(Role.CUSTOMER, c.role());
        assertTrue(c.owns("s2"));
    }

    @Test
    void anUnnamedKeyIsNamedByRoleAndPosition() {
        ApiKeys keys = ApiKeys.parse(A + "=admin," + B + "=operator", "env");
        assertEquals("operator#2", keys.authenticate(B).orElseThrow().name());
    }

    @Test
    void namesAreCheckedAndUnique() {
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> ApiKeys.parse(A + "=admin@a b", "env"));
        assertTrue(bad.getMessage().contains("name"), bad.getMessage());
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class, () -> ApiKeys.parse(A + "=admin@x," + B + "=operator@x", "env"));
        assertTrue(twice.getMessage().contains("named 'x'"), twice.getMessage());
        assertTrue(!twice.getMessage().contains(A) && !twice.getMessage().contains(B), "no key in a message");
    }

    @Test
    void aYamlKeyMayBeAnObjectWithRoleAndName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("keys.yaml");
        Files.writeString(f, A + ": {role: operator, name: dana}\n" + B + ": admin\n");
        ApiKeys keys = ApiKeys.read(f);
        assertEquals("dana", keys.authenticate(A).orElseThrow().name());
        assertEquals(Role.ADMIN, keys.authenticate(B).orElseThrow().role());
    }
}
