package waybill.engine;

/** An outcome a rule inserts; the recorder stamps it with that rule's name. */
public interface Stamped {
    String getRule();

    void setRule(String rule);
}
