package waybill.fact;

/** A fact about one drive of a job (driveId may be null where the fact can also be about the job). */
public interface DriveFact {
    String getDriveId();
}
