package waybill.engine;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What of Drools' own classes the executable model's generated code may refer to beyond the {@link
 * Vocabulary}, read by {@link ModelGuard}; each entry is an internal class name or {@code Owner.member}.
 * Where a reference sits decides what passes ({@link Place}): the model DSL only in the methods Drools
 * writes to declare rules, the enum frame of a lambda class only around its body, and in rule code (a
 * condition's, extractor's or consequence's body, a function) only what that code compiles to: the
 * working-memory verbs, null-safe comparisons, the lambda interfaces, string concatenation.
 */
final class ModelPlumbing {
    private ModelPlumbing() {}

    /** Where a reference sits in the generated code. */
    enum Place {
        /** The project model and the domain metadata: all Drools', no text of the rule files. */
        PROJECT,
        /** A method declaring rules with the model DSL; rule text in it is names and literal values. */
        STRUCTURE,
        /** A lambda class's enum frame (values, valueOf, hash, predicate information), not its body. */
        FRAME,
        /** Rule code: a lambda's body, a function. */
        CODE
    }

    /** Rule code compiles to these, and only these of Drools. */
    static final Set<String> CODE = new HashSet<>(Set.of(
            "java/lang/Class",
            "java/lang/invoke/MethodHandles",
            "java/lang/invoke/MethodHandles$Lookup",
            "java/lang/invoke/StringConcatFactory",
            "java/lang/invoke/LambdaMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/LambdaMetafactory.metafactory",
            "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "org/drools/model/Drools",
            "org/drools/model/Drools.insert",
            "org/drools/model/Drools.update",
            "org/drools/model/Drools.delete",
            "org/drools/model/BitMask",
            "org/drools/model/BitMask.getPatternMask",
            "org/drools/model/bitmask/AllSetButLastBitMask",
            "org/drools/model/bitmask/AllSetButLastBitMask.get",
            "org/drools/model/DomainClassMetadata",
            "org/drools/modelcompiler/util/EvaluationUtil",
            "org/drools/model/functions/HashedExpression",
            // the operators `in` and `memberOf` of a condition: D.eval(operator, value, values)
            "org/drools/modelcompiler/dsl/pattern/D",
            "org/drools/modelcompiler/dsl/pattern/D.eval",
            "org/drools/model/functions/Operator",
            "org/drools/model/operators/InOperator",
            "org/drools/model/operators/InOperator.INSTANCE",
            "org/drools/model/operators/MemberOfOperator",
            "org/drools/model/operators/MemberOfOperator.INSTANCE",
            // a function's body is wrapped in catch (Exception e) { throw new RuntimeException(e); }
            "java/lang/Throwable"));

    static {
        for (String m : new String[] {
            "areNullSafeEquals",
            "areNumbersNullSafeEquals",
            "equals",
            "notEquals",
            "greaterThan",
            "greaterOrEqual",
            "lessThan",
            "lessOrEqual",
            "greaterThanNumbers",
            "greaterOrEqualNumbers",
            "lessThanNumbers",
            "lessOrEqualNumbers",
            "toBigDecimal",
            "string2Int"
        }) {
            CODE.add("org/drools/modelcompiler/util/EvaluationUtil." + m);
        }
        for (int n = 0; n <= 25; n++) {
            for (String f : new String[] {"Predicate", "Function", "Block"}) {
                CODE.add("org/drools/model/functions/" + f + n);
            }
        }
    }

    /** The enum frame Drools writes around each lambda's body. */
    static final Set<String> FRAME = Set.of(
            "java/lang/Enum",
            "java/lang/Enum.<init>",
            "java/lang/Enum.valueOf",
            "java/lang/System",
            "java/lang/System.arraycopy",
            "org/drools/model/functions/PredicateInformation",
            "org/drools/model/functions/PredicateInformation.<init>",
            "org/drools/model/functions/PredicateInformation.addRuleNames",
            "org/drools/model/functions/PredicateInformation.setMoreThanMaxRuleDefs");

    /** The model DSL: every member of these owners, in the methods declaring rules only. */
    private static final Pattern DSL = Pattern.compile("org/drools/model/[\\w$/]+(\\.[\\w$<>]+)?"
            + "|org/drools/modelcompiler/dsl/pattern/D(\\.[\\w$<>]+)?"
            + "|org/drools/util/DateUtils(\\.getDateFormatMask)?"
            + "|org/drools/core/base/accumulators/\\w+AccumulateFunction(\\.<init>)?"
            + "|java/lang/(Boolean|Integer|Long|Short|Byte|Double|Float|Character)\\.TYPE");

    /** The project model: the kie-api calls that describe the one kbase and its sessions. */
    private static final Pattern PROJECT_MODEL = Pattern.compile("org/kie/api/builder/model/[\\w$]+(\\.\\w+)?"
            + "|org/kie/api/(conf|runtime/conf)/\\w+(\\.\\w+)?"
            + "|org/kie/api/KieServices(\\.get|\\.newKieModuleModel)?"
            + "|org/kie/api/builder/ReleaseId"
            + "|org/kie/util/maven/support/ReleaseIdImpl(\\.<init>)?"
            + "|org/drools/modelcompiler/CanonicalKieModuleModel");

    /** True when {@code key} (Owner or Owner.member) is plumbing where it sits. */
    static boolean allows(String key, Place place) {
        if (CODE.contains(key)) {
            return true;
        }
        return switch (place) {
            case CODE -> false;
            case FRAME -> FRAME.contains(key);
            case STRUCTURE -> DSL.matcher(key).matches();
            case PROJECT ->
                DSL.matcher(key).matches() || PROJECT_MODEL.matcher(key).matches();
        };
    }
}
