package waybill.fact;

/** A job's deadline fell due. The service makes this fact; clients cannot submit it. */
public class TimerFired extends Fact {
    private String name;

    public TimerFired() { }

    public TimerFired(String jobId, String name) {
        setJobId(jobId);
        this.name = name;
    }

    public String getName() { return name; }
    public void setName(String v) { name = v; }
}
