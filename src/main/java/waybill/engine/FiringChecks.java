package waybill.engine;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.compiler.kie.builder.impl.MemoryKieModule;
import org.drools.modelcompiler.CanonicalKieModule;
import org.drools.util.PortablePath;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the classes compiled from the rule files so a firing cannot outrun its decision's time: every method
 * of rule code (a condition's, extractor's or consequence's lambda body, a function; {@link ModelGuard} says which
 * methods those are) calls {@link FiringBudget#check()} on entry and before every backward jump. Nothing else
 * changes: the call takes no argument and leaves the operand stack and the frames as they were. The rewritten
 * bytes replace the originals in the KieModule, before any container loads them; {@link ModelGuard} then reads
 * the classes as they will run, the check being the one reference it allows for it.
 */
final class FiringChecks {
    static final String OWNER = "waybill/engine/FiringBudget";
    static final String METHOD = "check";

    private FiringChecks() {}

    /** Rewrites, in place, the rule code of every class the build wrote into the module. */
    static void instrument(InternalKieModule module, Map<String, String> files) {
        MemoryKieModule memory = memory(module);
        Set<String> functions = RuleGuard.functions(files).keySet();
        for (String f : module.getFileNames()) {
            if (!f.endsWith(".class")) {
                continue;
            }
            String className = f.substring(0, f.length() - ".class".length());
            byte[] rewritten = rewrite(className, module.getBytes(f), functions);
            if (rewritten != null) {
                memory.getMemoryFileSystem().write(PortablePath.of(f), rewritten);
            }
        }
    }

    private static MemoryKieModule memory(InternalKieModule module) {
        InternalKieModule inner =
                module instanceof CanonicalKieModule canonical ? canonical.getInternalKieModule() : module;
        if (inner instanceof MemoryKieModule memory) {
            return memory;
        }
        throw new IllegalStateException("the rules were built into a "
                + inner.getClass().getName() + ", not an in-memory module whose classes can be checked");
    }

    /** The class with its rule code checked, or null when it holds no rule code. */
    static byte[] rewrite(String className, byte[] bytes, Set<String> functions) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                        MethodVisitor mv = super.visitMethod(access, name, desc, sig, ex);
                        boolean code = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                                && ModelGuard.place(className, name, functions) == ModelPlumbing.Place.CODE;
                        if (!code) {
                            return mv;
                        }
                        changed[0] = true;
                        return new Checked(mv);
                    }
                },
                0);
        return changed[0] ? writer.toByteArray() : null;
    }

    /** One method of rule code: a check on entry and before each jump to a label already passed. */
    private static final class Checked extends MethodVisitor {
        private final Set<Label> passed = new HashSet<>();

        Checked(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        private void check() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, METHOD, "()V", false);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            check();
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            passed.add(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (passed.contains(label)) {
                check();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            if (backward(dflt, labels)) {
                check();
            }
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            if (backward(dflt, labels)) {
                check();
            }
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        private boolean backward(Label dflt, Label[] labels) {
            if (passed.contains(dflt)) {
                return true;
            }
            for (Label l : labels) {
                if (passed.contains(l)) {
                    return true;
                }
            }
            return false;
        }
    }
}
