package waybill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads one class Drools generated from the rule files and lists every type, method and field its
 * bytecode refers to: the class header, field and method signatures, every instruction's owner and
 * descriptor, {@code ldc} class constants, {@code invokedynamic} bootstrap methods and their arguments,
 * and every class entry of the constant pool, used or not. {@link RuleGuard} judges them.
 */
final class BytecodeGuard {
    /** One reference: the class it names, and the member and descriptor when it is a member. */
    record Ref(String owner, String member, String descriptor, String method, int line) {
        String show() {
            String o = owner.replace('/', '.');
            return member == null ? o : o + "." + member;
        }
    }

    private BytecodeGuard() {}

    /** Every reference of the class, in the order met; {@code method} is where it sits, or null in the header. */
    static List<Ref> references(byte[] bytes) {
        List<Ref> refs = new ArrayList<>();
        ClassReader reader = new ClassReader(bytes);
        constantPoolClasses(reader, name -> refs.add(new Ref(name, null, null, null, 0)));
        reader.accept(new Collector(refs), 0);
        return refs;
    }

    /** The string constants ({@code ldc}) of each method of a class, by method name. */
    static java.util.Map<String, List<String>> strings(byte[] bytes) {
        java.util.Map<String, List<String>> out = new java.util.HashMap<>();
        new ClassReader(bytes)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String desc, String sig, String[] ex) {
                                List<String> found = out.computeIfAbsent(name, n -> new ArrayList<>());
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitLdcInsn(Object value) {
                                        if (value instanceof String s) {
                                            found.add(s);
                                        }
                                    }
                                };
                            }
                        },
                        ClassReader.SKIP_DEBUG);
        return out;
    }

    /** The internal names of every CONSTANT_Class entry of the pool (tag 7), referred to or not. */
    private static void constantPoolClasses(ClassReader reader, Consumer<String> out) {
        char[] buf = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset > 0 && reader.readByte(offset - 1) == 7) {
                out.accept(reader.readUTF8(offset, buf));
            }
        }
    }

    private static final class Collector extends ClassVisitor {
        private final List<Ref> refs;

        Collector(List<Ref> refs) {
            super(Opcodes.ASM9);
            this.refs = refs;
        }

        @Override
        public void visit(int v, int access, String name, String sig, String superName, String[] interfaces) {
            if (superName != null) {
                refs.add(new Ref(superName, null, null, null, 0));
            }
            for (String i : interfaces == null ? new String[0] : interfaces) {
                refs.add(new Ref(i, null, null, null, 0));
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
            types(Type.getType(desc), null, name, 0);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
            types(Type.getMethodType(desc), null, name, 0);
            for (String e : exceptions == null ? new String[0] : exceptions) {
                refs.add(new Ref(e, null, null, name, 0));
            }
            return new Instructions(name);
        }

        private void types(Type t, String member, String method, int line) {
            if (t.getSort() == Type.METHOD) {
                types(t.getReturnType(), member, method, line);
                for (Type a : t.getArgumentTypes()) {
                    types(a, member, method, line);
                }
            } else if (t.getSort() == Type.ARRAY) {
                types(t.getElementType(), member, method, line);
            } else if (t.getSort() == Type.OBJECT) {
                refs.add(new Ref(t.getInternalName(), null, null, method, line));
            }
        }

        private void constant(Object c, String method, int line) {
            if (c instanceof Type t) {
                // a class constant (ldc Foo.class) or a method type: both name classes
                if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                    refs.add(new Ref("java/lang/Class", null, null, method, line));
                }
                types(t, null, method, line);
            } else if (c instanceof Handle h) {
                refs.add(new Ref(h.getOwner(), h.getName(), h.getDesc(), method, line));
                types(Type.getType(h.getDesc()), null, method, line);
            } else if (c instanceof ConstantDynamic d) {
                constant(d.getBootstrapMethod(), method, line);
                types(Type.getType(d.getDescriptor()), null, method, line);
                for (int i = 0; i < d.getBootstrapMethodArgumentCount(); i++) {
                    constant(d.getBootstrapMethodArgument(i), method, line);
                }
            }
        }

        private final class Instructions extends MethodVisitor {
            private final String method;
            private int line;

            Instructions(String method) {
                super(Opcodes.ASM9);
                this.method = method;
            }

            @Override
            public void visitLineNumber(int l, Label start) {
                line = l;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                types(Type.getObjectType(type), null, method, line);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String desc) {
                refs.add(new Ref(owner, name, desc, method, line));
                types(Type.getType(desc), null, method, line);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                refs.add(new Ref(owner, name, desc, method, line));
                types(Type.getMethodType(desc), null, method, line);
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
                refs.add(new Ref(bsm.getOwner(), bsm.getName(), bsm.getDesc(), method, line));
                types(Type.getMethodType(desc), null, method, line);
                for (Object a : args) {
                    constant(a, method, line);
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                constant(value, method, line);
            }

            @Override
            public void visitMultiANewArrayInsn(String desc, int dims) {
                types(Type.getType(desc), null, method, line);
            }

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    refs.add(new Ref(type, null, null, method, line));
                }
            }
        }
    }
}
