package waybill.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import waybill.json.Mappers;

/**
 * Rule files compiled once are loaded as compiled the next time, decide exactly as a fresh compile does,
 * and what is read back passes the same guard before any of it runs; a damaged or doctored file is
 * dropped and the rules compiled from their source.
 */
class CompiledRulesTest {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final ObjectMapper JSON = Mappers.json();

    @TempDir
    Path dir;

    static Map<String, String> shipped() throws IOException {
        return new TreeMap<>(RulebookLoader.read(Path.of("rules")));
    }

    private List<Path> kept() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".kjar")).toList();
        }
    }

    /** The same decision, whichever way the rulebook was made: the job, transitions, deadline and rules fired. */
    private static String decided(Rulebook rules) throws Exception {
        Decision d = Engine.decide(rules, null, EngineTest.create(), T0);
        return JSON.writeValueAsString(d);
    }

    @Test
    void rulesCompiledOnceAreLoadedAsCompiledAndDecideTheSame() throws Exception {
        Map<String, String> files = shipped();
        CompiledRules first = new CompiledRules(dir);
        Rulebook compiled = RulebookLoader.compile(files, T0, Budget.DEFAULT, first);
        assertEquals(0, first.loaded());
        assertEquals(1, kept().size(), "one file kept: " + kept());

        CompiledRules next = new CompiledRules(dir); // as at the next start
        Rulebook loaded = RulebookLoader.compile(files, T0, Budget.DEFAULT, next);
        assertEquals(1, next.loaded(), "loaded from the file, not compiled");
        assertEquals(compiled.revision(), loaded.revision());
        assertEquals(compiled.rules().keySet(), loaded.rules().keySet());
        assertEquals(compiled.source("A new job starts in Creating"), loaded.source("A new job starts in Creating"));
        assertEquals(decided(compiled), decided(loaded));
        RulebookLoader.retire(compiled);
        RulebookLoader.retire(loaded);
    }

    @Test
    void changedFilesAreCompiledAndKeptBesideTheOld() throws Exception {
        Map<String, String> files = shipped();
        RulebookLoader.retire(RulebookLoader.compile(files, T0, Budget.DEFAULT, new CompiledRules(dir)));
        files.put("limits.drl", files.get("limits.drl") + "\n// a comment changes the revision\n");
        CompiledRules next = new CompiledRules(dir);
        Rulebook changed = RulebookLoader.compile(files, T0, Budget.DEFAULT, next);
        assertEquals(0, next.loaded(), "other files: compiled");
        assertEquals(2, kept().size());
        RulebookLoader.retire(changed);
    }

    @Test
    void aDamagedFileIsDroppedAndTheRulesCompiled() throws Exception {
        Map<String, String> files = shipped();
        RulebookLoader.retire(RulebookLoader.compile(files, T0, Budget.DEFAULT, new CompiledRules(dir)));
        Path file = kept().get(0);
        Files.write(file, "not a jar".getBytes());
        CompiledRules next = new CompiledRules(dir);
        Rulebook rules = RulebookLoader.compile(files, T0, Budget.DEFAULT, next);
        assertEquals(0, next.loaded());
        assertTrue(decided(rules).contains("\"accepted\":true"));
        RulebookLoader.retire(rules);
        // compiled again and kept again, whole: the next start loads it
        CompiledRules third = new CompiledRules(dir);
        RulebookLoader.retire(RulebookLoader.compile(files, T0, Budget.DEFAULT, third));
        assertEquals(1, third.loaded());
    }

    @Test
    void keptClassesThatReachOutsideTheVocabularyAreRefusedBeforeAnyRuns() throws Exception {
        Map<String, String> files = shipped();
        RulebookLoader.retire(RulebookLoader.compile(files, T0, Budget.DEFAULT, new CompiledRules(dir)));
        Path file = kept().get(0);
        byte[] clean = Files.readAllBytes(file);
        // every method of every generated rule class now starts with System.exit(3): the method declaring
        // each rule runs as the KieBase is built, so a guard run after that would come too late
        byte[] doctored = doctored(clean);
        Files.write(file, doctored);

        CompiledRules next = new CompiledRules(dir);
        Rulebook rules = RulebookLoader.compile(files, T0, Budget.DEFAULT, next);
        assertEquals(0, next.loaded(), "the doctored classes were not used");
        assertTrue(decided(rules).contains("\"accepted\":true"), "this JVM is alive and the rules decide");
        assertEquals(1, kept().size());
        assertFalse(java.util.Arrays.equals(doctored, Files.readAllBytes(kept().get(0))), "the doctored file is gone");
        RulebookLoader.retire(rules);
        CompiledRules third = new CompiledRules(dir);
        RulebookLoader.retire(RulebookLoader.compile(files, T0, Budget.DEFAULT, third));
        assertEquals(1, third.loaded(), "the file compiled anew is clean and loads");
    }

    @Test
    void theKeyCoversEveryByteOfEveryFile() throws Exception {
        Map<String, String> files = shipped();
        String key = CompiledRules.key(files);
        assertEquals(key, CompiledRules.key(new TreeMap<>(files)));
        Map<String, String> renamed = new TreeMap<>(files);
        renamed.put("limits2.drl", renamed.remove("limits.drl"));
        assertFalse(key.equals(CompiledRules.key(renamed)));
        Map<String, String> edited = new TreeMap<>(files);
        edited.put("limits.drl", edited.get("limits.drl").replaceFirst(" ", "  "));
        assertFalse(key.equals(CompiledRules.key(edited)));
        assertEquals(64, key.length(), "the whole SHA-256, not the 12-character revision");
    }

    /** The kjar with {@code System.exit(3)} put at the start of every method of its rule classes. */
    static byte[] doctored(byte[] kjar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int changed = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(kjar));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().startsWith("waybill/rules/") && e.getName().endsWith(".class")) {
                    bytes = exitFirst(bytes);
                    changed++;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        assertTrue(changed > 10, "rule classes doctored: " + changed);
        byte[] result = out.toByteArray();
        assertFalse(java.util.Arrays.equals(kjar, result));
        return result;
    }

    private static byte[] exitFirst(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String desc, String signature, String[] exceptions) {
                        MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                        if ((access & Opcodes.ACC_ABSTRACT) != 0 || name.equals("<init>")) {
                            return mv;
                        }
                        return new MethodVisitor(Opcodes.ASM9, mv) {
                            @Override
                            public void visitCode() {
                                super.visitCode();
                                super.visitInsn(Opcodes.ICONST_3);
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
                            }
                        };
                    }
                },
                0);
        return writer.toByteArray();
    }

    @Test
    void aKeptFileIsReadBackWhole() throws Exception {
        Map<String, String> files = shipped();
        RulebookLoader.retire(RulebookLoader.compile(files, T0, Budget.DEFAULT, new CompiledRules(dir)));
        byte[] before = Files.readAllBytes(kept().get(0));
        CompiledRules next = new CompiledRules(dir);
        RulebookLoader.retire(RulebookLoader.compile(files, T0, Budget.DEFAULT, next));
        assertEquals(1, next.loaded());
        assertArrayEquals(before, Files.readAllBytes(kept().get(0)), "loading does not rewrite the file");
    }
}
