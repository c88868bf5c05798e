package waybill.store;

/** The job changed between reading it and committing a decision about it. */
public class StaleJobException extends Exception {
    public StaleJobException(String jobId) {
        super("job " + jobId + " changed concurrently");
    }
}
