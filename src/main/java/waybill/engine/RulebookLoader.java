package waybill.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Compiles every {@code *.drl} file under a rules folder, all together, into a {@link Rulebook}. Either
 * the whole folder compiles, or a {@link RuleCompileException} lists every error as
 * {@code file:line: message} and nothing is loaded.
 */
public final class RulebookLoader {
    private static final String PREFIX = "src/main/resources/";
    static final String GROUP = "waybill";
    static final String ARTIFACT = "rulebook";
    /** Sets this process's builds apart from those of others, read back from {@link CompiledRules}. */
    private static final String PROCESS = java.util.UUID.randomUUID().toString().substring(0, 8);

    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+(\"([^\"]+)\"|'([^']+)'|(\\S+))");
    private static final AtomicLong BUILDS = new AtomicLong();

    private RulebookLoader() {}

    /** Reads the rule files of a folder: regular {@code *.drl} files inside it, links not followed. */
    public static Map<String, String> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("rules folder " + dir + " does not exist or is not a folder");
        }
        Path root = dir.toRealPath();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.getFileName().toString().endsWith(".drl") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    String rel = root.relativize(p).toString().replace('\\', '/');
                    files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    public static Rulebook load(Path dir, Instant now) throws IOException, RuleCompileException {
        return compile(read(dir), now);
    }

    public static Rulebook load(Path dir, Instant now, Budget budget) throws IOException, RuleCompileException {
        return compile(read(dir), now, budget);
    }

    /** Compiles rule files given as relative path to content, with the default {@link Budget}. */
    public static Rulebook compile(Map<String, String> files, Instant now) throws RuleCompileException {
        return compile(files, now, Budget.DEFAULT);
    }

    /**
     * Compiles rule files given as relative path to content. First every file must parse and keep to the
     * rule vocabulary ({@link Vocabulary}): a file that does not, or reaches outside it, is refused before
     * Drools compiles anything of it; a cause comes before what follows from it ({@link RootCauses}). Then
     * every class Drools generated must refer only to the vocabulary ({@link RuleGuard}): that check, on
     * the bytecode that runs, is the guard. Rule code is rewritten first to check the decision's time as it
     * runs ({@link FiringChecks}), so the guard reads it as it will run.
     */
    public static Rulebook compile(Map<String, String> files, Instant now, Budget budget) throws RuleCompileException {
        return compile(files, now, budget, true, null);
    }

    /**
     * The same, loading the module compiled before for exactly these files from {@code compiled} when it
     * holds one (the time checks and the guards then run over it as over a fresh compile), and keeping
     * what it compiles there otherwise.
     */
    public static Rulebook compile(Map<String, String> files, Instant now, Budget budget, CompiledRules compiled)
            throws RuleCompileException {
        return compile(files, now, budget, true, compiled);
    }

    static Rulebook compile(Map<String, String> files, Instant now, Budget budget, boolean sourceCheck)
            throws RuleCompileException {
        return compile(files, now, budget, sourceCheck, null);
    }

    /**
     * Compiles, with or without the source check first. The source check gives friendly messages; the
     * guard over the generated classes ({@link RuleGuard}) runs always. Tests turn the source check off to
     * prove the guard holds alone.
     */
    private static Rulebook compile(
            Map<String, String> files, Instant now, Budget budget, boolean sourceCheck, CompiledRules compiled)
            throws RuleCompileException {
        if (files.isEmpty()) {
            throw new RuleCompileException(List.of(new RuleError("(rules folder)", 0, "no *.drl files found")));
        }
        if (compiled != null) {
            // these very files compiled before, their source checked then: what runs is guarded below as ever
            Optional<InternalKieModule> kept = compiled.find(files);
            if (kept.isPresent()) {
                try {
                    KieServices.get().getRepository().addKieModule(kept.get());
                    Rulebook rulebook = activate(kept.get(), files, now, budget);
                    compiled.used();
                    return rulebook;
                } catch (RuleCompileException e) {
                    List<RuleError> why = e.errors();
                    compiled.forget(
                            files,
                            "the guards refuse it: " + why.get(0)
                                    + (why.size() > 1 ? " (and " + (why.size() - 1) + " more)" : ""));
                } catch (RuntimeException | LinkageError e) {
                    KieServices.get().getRepository().removeKieModule(kept.get().getReleaseId());
                    compiled.forget(files, "it does not load (" + e + ")");
                }
            }
        }
        if (sourceCheck) {
            List<RuleError> unparsed = RootCauses.unparsed(files);
            List<RuleError> outside = Vocabulary.check(files);
            outside.addAll(SpeltNames.check(files));
            if (!unparsed.isEmpty() || !outside.isEmpty()) {
                throw new RuleCompileException(RootCauses.afterParse(unparsed, outside, files));
            }
        }
        KieServices ks = KieServices.get();
        ReleaseId releaseId = ks.newReleaseId(GROUP, ARTIFACT, "1." + BUILDS.incrementAndGet() + "-" + PROCESS);
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        files.forEach((path, content) -> kfs.write(PREFIX + path, content));
        KieBuilder builder;
        try {
            builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        } catch (RuntimeException e) {
            // the executable model's code generation gives up on some conditions by throwing
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleCompileException(explained(
                    files, List.of(new RuleError("(rules)", 0, "the rules could not be compiled: " + rootMessage(e)))));
        }
        List<RuleError> errors = RootCauses.afterCompile(
                GeneratedSources.traced(
                        errors(builder.getResults().getMessages(Message.Level.ERROR), files), locate(files)),
                files);
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleCompileException(explained(files, errors));
        }
        InternalKieModule module = (InternalKieModule) builder.getKieModule();
        byte[] generated = compiled != null ? module.getBytes() : null; // before the time checks go in
        Rulebook rulebook = activate(module, files, now, budget);
        if (compiled != null) {
            compiled.keep(files, generated);
        }
        return rulebook;
    }

    /**
     * A module in Drools' repository (just compiled, or read back from {@link CompiledRules}) made a
     * rulebook: its rule code rewritten to check the decision's time, every class guarded before any of
     * them loads, then the KieBase built and its rules read; refused (and dropped from the repository)
     * when anything is found.
     */
    private static Rulebook activate(InternalKieModule module, Map<String, String> files, Instant now, Budget budget)
            throws RuleCompileException {
        KieServices ks = KieServices.get();
        ReleaseId releaseId = module.getReleaseId();
        // rule code checks its decision's time at each method entry and backward jump, before any class loads
        FiringChecks.instrument(module, files);
        // the guard reads the classes as they will run, before building the KieBase runs any of them
        List<RuleError> refused = ModelGuard.check(module, files, headers(files));
        if (!refused.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleCompileException(refused);
        }
        KieBase kieBase = ks.newKieContainer(releaseId).getKieBase();
        Map<String, RuleSource> rules = new LinkedHashMap<>();
        List<RuleError> problems = inspect(kieBase, files, rules);
        problems.addAll(RuleGuard.check(kieBase, files, rules));
        if (!problems.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleCompileException(problems);
        }
        return new Rulebook(kieBase, releaseId, revision(files), hashes(files), files, rules, now, budget);
    }

    /** Each rule's header as the files have it, before anything is loaded: where a refusal points. */
    private static Map<String, RuleSource> headers(Map<String, String> files) {
        Map<String, RuleSource> out = new LinkedHashMap<>();
        locate(files).forEach((name, at) -> out.put(name, new RuleSource(name, at.file(), at.line(), null)));
        return out;
    }

    /**
     * The errors to report for rule files the executable model refused. Its messages about a condition
     * often carry no line ({@code Unknown field X on class Y} at line 0) or point into the Java it generated;
     * Drools' classic compiler, which runs nothing and is built here only on this path, names the same
     * mistakes at their file and line. Its errors are reported when it finds any, the executable model's
     * otherwise.
     */
    private static List<RuleError> explained(Map<String, String> files, List<RuleError> modelErrors) {
        KieServices ks = KieServices.get();
        ReleaseId releaseId = ks.newReleaseId("waybill", "rulebook-errors", "1." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        files.forEach((path, content) -> kfs.write(PREFIX + path, content));
        try {
            KieBuilder classic = ks.newKieBuilder(kfs).buildAll(DrlProject.class);
            List<RuleError> errors = RootCauses.afterCompile(
                    errors(classic.getResults().getMessages(Message.Level.ERROR), files), files);
            return errors.isEmpty() ? modelErrors : errors;
        } catch (RuntimeException e) {
            return modelErrors;
        } finally {
            ks.getRepository().removeKieModule(releaseId);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Frees what the Drools repository keeps of a rulebook no longer in use. */
    public static void retire(Rulebook rulebook) {
        KieServices.get().getRepository().removeKieModule(rulebook.releaseId());
    }

    private static List<RuleError> errors(List<Message> messages, Map<String, String> files) {
        List<RuleError> errors = new ArrayList<>();
        for (Message m : messages) {
            String file = m.getPath() == null ? "(rules)" : m.getPath().replaceFirst("^" + PREFIX, "");
            errors.add(new RuleError(
                    file,
                    ErrorLines.locate(files.get(file), Math.max(m.getLine(), 0), m.getText()),
                    m.getText().trim()));
        }
        // A syntax error also yields a bare "Parser returned a null Package" at line 0: say it once.
        List<RuleError> useful = errors.stream()
                .filter(e -> !(e.line() == 0
                        && e.message().contains("Parser returned a null Package")
                        && errors.stream().anyMatch(o -> o.file().equals(e.file()) && o.line() > 0)))
                .toList();
        return useful;
    }

    /** Every rule must sit in a phase and have a name no other rule has; records where each is written. */
    private static List<RuleError> inspect(KieBase kieBase, Map<String, String> files, Map<String, RuleSource> out) {
        Map<String, RuleError> located = locate(files);
        List<RuleError> problems = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                RuleError where = located.getOrDefault(rule.getName(), new RuleError("(unknown)", 0, ""));
                String phase = impl.getRuleFlowGroup() != null ? impl.getRuleFlowGroup() : impl.getAgendaGroup();
                if (!Rulebook.PHASES.contains(phase)) {
                    problems.add(new RuleError(
                            where.file(),
                            where.line(),
                            "rule \"" + rule.getName()
                                    + "\" is in no phase: add ruleflow-group \"validate\", \"decide\" or \"settle\""));
                }
                if (out.containsKey(rule.getName())) {
                    problems.add(new RuleError(
                            where.file(), where.line(), "another rule is already named \"" + rule.getName() + "\""));
                }
                out.put(rule.getName(), new RuleSource(rule.getName(), where.file(), where.line(), phase));
            }
        }
        return problems;
    }

    private static Map<String, RuleError> locate(Map<String, String> files) {
        Map<String, RuleError> where = new LinkedHashMap<>();
        files.forEach((file, content) -> {
            String[] lines = content.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = RULE_HEADER.matcher(lines[i]);
                if (m.find()) {
                    String name = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                    where.putIfAbsent(name, new RuleError(file, i + 1, ""));
                }
            }
        });
        return where;
    }

    /** The revision the files would have as a rulebook, whether they compile or not. */
    public static String revisionOf(Map<String, String> files) {
        return revision(files);
    }

    /** The same files give the same revision in any map: the hash walks them in path order. */
    private static String revision(Map<String, String> files) {
        MessageDigest sha = sha256();
        new TreeMap<>(files).forEach((path, content) -> {
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        });
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    private static Map<String, String> hashes(Map<String, String> files) {
        Map<String, String> out = new TreeMap<>();
        files.forEach((path, content) -> out.put(
                path,
                HexFormat.of()
                        .formatHex(sha256().digest(content.getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 12)));
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
