package waybill.drive;

/** Receives the state changes of drives while a decision is made (the job's log is one). */
public interface DriveLog {
    void drive(String driveId, DriveState from, DriveState to);
}
