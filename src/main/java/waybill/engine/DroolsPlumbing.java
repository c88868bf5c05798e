package waybill.engine;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What of Drools' own classes the code it generates around the rule code may refer to, beyond the
 * {@link Vocabulary}: read by {@link RuleGuard}. Each entry is an internal class name ({@code Owner}: the
 * type only) or {@code Owner.member} (one member of it).
 */
final class DroolsPlumbing {
    private DroolsPlumbing() {}

    /**
     * What Drools' own code, generated around the rule code, refers to: {@code Owner} alone allows the
     * type, {@code Owner.member} one member of it. Rule code (a rule's class: consequence, eval,
     * accumulate; a function's class) gets {@link #RULE_CODE}: the working-memory verbs a consequence's
     * {@code insert}, {@code modify} and {@code delete} become. An invoker (the class Drools writes to call
     * a rule's code, with no code of the rule files in it) gets {@link #INVOKER} as well.
     */
    static final Set<String> RULE_CODE = Set.of(
            "org/drools/core/rule/consequence/KnowledgeHelper",
            "org/drools/core/rule/consequence/KnowledgeHelper.insert",
            "org/drools/core/rule/consequence/KnowledgeHelper.insertLogical",
            "org/drools/core/rule/consequence/KnowledgeHelper.update",
            "org/drools/core/rule/consequence/KnowledgeHelper.delete",
            "org/drools/core/rule/consequence/KnowledgeHelper.getFactHandle",
            "org/drools/core/rule/consequence/KnowledgeHelper.getRule",
            "org/drools/base/rule/consequence/ConsequenceContext",
            "org/kie/api/runtime/rule/FactHandle",
            "org/kie/api/definition/rule/Rule",
            "org/kie/api/definition/rule/Rule.getName",
            "org/drools/util/bitmask/BitMask",
            "org/drools/util/bitmask/LongBitMask",
            "org/drools/util/bitmask/LongBitMask.<init>",
            "org/drools/util/bitmask/AllSetBitMask",
            "org/drools/util/bitmask/AllSetBitMask.get",
            "org/drools/base/rule/accessor/FieldValue",
            "org/drools/mvel/field/FieldFactory",
            "org/drools/mvel/field/FieldFactory.getInstance",
            "org/drools/mvel/field/FieldFactory.getFieldValue",
            // a type in the descriptor of KnowledgeHelper.update and of a class constant (Job.class): no member
            "java/lang/Class",
            // string concatenation and lambdas by invokedynamic name these; their members stay refused
            "java/lang/invoke/MethodHandles",
            "java/lang/invoke/MethodHandles$Lookup",
            "java/lang/invoke/StringConcatFactory",
            "java/lang/invoke/LambdaMetafactory",
            // a function's class is Externalizable: the types of its generated readExternal/writeExternal
            "java/io/Externalizable",
            "java/io/ObjectInput",
            "java/io/ObjectOutput",
            "java/io/IOException",
            "java/lang/ClassNotFoundException");

    static final Set<String> INVOKER = Set.of(
            "java/lang/Object.getClass",
            "java/lang/Throwable",
            "org/drools/mvel/asm/MethodComparator",
            "org/drools/mvel/asm/MethodComparator.getMethodBytecode",
            "org/drools/mvel/asm/MethodComparator.compareBytecode",
            "org/drools/base/rule/accessor/CompiledInvoker",
            "org/drools/base/rule/accessor/CompiledInvoker.getMethodBytecode",
            "org/drools/base/base/ValueResolver",
            "org/drools/base/rule/consequence/Consequence",
            "org/drools/base/rule/consequence/Consequence.evaluate",
            "org/drools/mvel/asm/ConsequenceStub",
            "org/drools/mvel/asm/ConsequenceGenerator",
            "org/drools/mvel/asm/ConsequenceGenerator.generate",
            "org/drools/mvel/asm/EvalStub",
            "org/drools/mvel/asm/EvalGenerator",
            "org/drools/mvel/asm/EvalGenerator.generate",
            "org/drools/base/rule/accessor/EvalExpression",
            "org/drools/base/rule/accessor/EvalExpression.evaluate",
            "org/drools/base/rule/accessor/ReturnValueExpression",
            "org/drools/base/rule/Declaration",
            "org/drools/base/rule/Declaration.getValue",
            "org/drools/base/rule/Declaration.getWholeNumberValue",
            "org/drools/base/rule/Declaration.getIntValue",
            "org/drools/base/rule/Declaration.getLongValue",
            "org/drools/base/rule/Declaration.getDecimalValue",
            "org/drools/base/rule/Declaration.getBooleanValue",
            "org/drools/base/rule/Declaration.getCharValue",
            "org/drools/base/rule/Declaration.getByteValue",
            "org/drools/base/rule/Declaration.getShortValue",
            "org/drools/base/rule/Declaration.getFloatValue",
            "org/drools/base/rule/Declaration.getDoubleValue",
            "org/drools/base/reteoo/BaseTuple",
            "org/drools/core/reteoo/Tuple",
            "org/drools/core/reteoo/Tuple.get",
            "org/drools/base/rule/consequence/ConsequenceContext.getTuple",
            "org/drools/base/rule/consequence/ConsequenceContext.getRequiredDeclarations",
            "org/kie/api/runtime/rule/FactHandle.getObject",
            "org/drools/core/rule/consequence/KnowledgeHelper.getWorkingMemory",
            "org/drools/core/common/InternalFactHandle",
            "org/drools/core/WorkingMemory",
            "org/drools/core/WorkingMemory.getFactHandle");

    /** Bootstrap methods allowed for invokedynamic: string concatenation and lambdas. */
    static final Set<String> BOOTSTRAPS = Set.of(
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/LambdaMetafactory.metafactory",
            "java/lang/invoke/LambdaMetafactory.altMetafactory");

    /** The class Drools writes to call a rule's code: the rule's prefix, then one of these. */
    static final Pattern INVOKER_NAME = Pattern.compile(
            "(DefaultConsequence|Eval\\d+|AccumulateExpression\\d+|Accumulate\\d+|Predicate\\d+|ReturnValue\\d+)Invoker");

    /** True when {@code key} (Owner or Owner.member) is plumbing for the class at hand. */
    static boolean allows(String key, boolean invoker) {
        return invoker && INVOKER.contains(key) || RULE_CODE.contains(key) || BOOTSTRAPS.contains(key);
    }
}
