package waybill.azure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import waybill.drive.Drive;
import waybill.job.Job;
import waybill.job.JobId;
import waybill.job.JobType;

/**
 * The one mapping between the Azure Import/Export wire shapes and the job the rules see. Moves data
 * between the REST shapes and the model. It copies fields only: every check and
 * every default is a rule.
 */
public final class AzureJobs {
    private AzureJobs() {}

    /** The job a create request asks for, not yet decided: no state, drives without states. */
    public static Job requested(JobId id, PutJobParameters body) {
        Job job = new Job();
        job.setId(id.id());
        job.setSubscriptionId(id.subscriptionId());
        job.setResourceGroup(id.resourceGroup());
        job.setName(id.name());
        job.setLocation(body.getLocation());
        job.setTags(body.getTags() == null ? null : new LinkedHashMap<>(body.getTags()));
        JobDetails p = body.getProperties();
        if (p == null) {
            return job;
        }
        job.setStorageAccountId(p.getStorageAccountId());
        job.setJobType(jobType(p.getJobType()));
        job.setReturnAddress(p.getReturnAddress());
        job.setReturnShipping(p.getReturnShipping());
        job.setDeliveryPackage(p.getDeliveryPackage());
        job.setShippingInformation(p.getShippingInformation()); // the API fills it from the job's location
        job.setDiagnosticsPath(p.getDiagnosticsPath());
        job.setLogLevel(p.getLogLevel());
        job.setBackupDriveManifest(p.getBackupDriveManifest());
        job.setIncompleteBlobListUri(p.getIncompleteBlobListUri());
        job.setExport(p.getExport());
        job.setEncryptionKey(p.getEncryptionKey());
        job.setDrives(drives(p.getDriveList()));
        return job;
    }

    /** Drives named in a request, without states: the rules give them theirs. */
    public static List<Drive> drives(List<DriveStatus> list) {
        List<Drive> drives = new ArrayList<>();
        if (list == null) {
            return drives;
        }
        for (DriveStatus s : list) {
            Drive d = new Drive(s.getDriveId(), null);
            d.setBitLockerKey(s.getBitLockerKey());
            d.setManifestFile(s.getManifestFile());
            d.setManifestHash(s.getManifestHash());
            d.setDriveHeaderHash(s.getDriveHeaderHash());
            drives.add(d);
        }
        return drives;
    }

    /** Copies the fields an update carries onto the job; the rules decide whether it may. */
    public static void apply(Job job, UpdateJobParameters update) {
        if (update.getTags() != null) {
            job.setTags(new LinkedHashMap<>(update.getTags()));
        }
        UpdateJobParameters.Properties p = update.getProperties();
        if (p == null) {
            return;
        }
        if (p.getReturnAddress() != null) {
            job.setReturnAddress(p.getReturnAddress());
        }
        if (p.getReturnShipping() != null) {
            job.setReturnShipping(p.getReturnShipping());
        }
        if (p.getDeliveryPackage() != null) {
            job.setDeliveryPackage(p.getDeliveryPackage());
        }
        if (p.getLogLevel() != null) {
            job.setLogLevel(p.getLogLevel());
        }
        if (p.getBackupDriveManifest() != null) {
            job.setBackupDriveManifest(p.getBackupDriveManifest());
        }
    }

    /** The job as the REST API answers it. BitLocker keys are never in it. */
    public static JobResource resource(Job job) {
        JobResource r = new JobResource();
        r.setId(job.getId());
        r.setName(job.getName());
        r.setLocation(job.getLocation());
        r.setTags(job.getTags());
        r.setIdentity(Identity.none());
        JobDetails p = new JobDetails();
        p.setStorageAccountId(job.getStorageAccountId());
        p.setJobType(job.getJobType() == null ? null : job.getJobType().name());
        p.setReturnAddress(job.getReturnAddress());
        p.setReturnShipping(job.getReturnShipping());
        p.setShippingInformation(job.getShippingInformation());
        p.setDeliveryPackage(job.getDeliveryPackage());
        p.setReturnPackage(job.getReturnPackage());
        p.setDiagnosticsPath(job.getDiagnosticsPath());
        p.setLogLevel(job.getLogLevel());
        p.setBackupDriveManifest(job.getBackupDriveManifest());
        p.setState(job.getState() == null ? null : job.getState().name());
        p.setCancelRequested(job.isCancelRequested());
        p.setPercentComplete(job.getPercentComplete());
        p.setIncompleteBlobListUri(job.getIncompleteBlobListUri());
        p.setExport(job.getExport());
        p.setProvisioningState("Succeeded");
        p.setEncryptionKey(job.getEncryptionKey());
        List<DriveStatus> drives = new ArrayList<>();
        for (Drive d : job.getDrives()) {
            drives.add(status(d));
        }
        p.setDriveList(drives);
        r.setProperties(p);
        JobResource.SystemData sd = new JobResource.SystemData();
        sd.setCreatedByType("Application");
        sd.setCreatedAt(job.getCreatedAt() == null ? null : job.getCreatedAt().toString());
        sd.setLastModifiedByType("Application");
        sd.setLastModifiedAt(
                job.getLastModifiedAt() == null ? null : job.getLastModifiedAt().toString());
        r.setSystemData(sd);
        return r;
    }

    static DriveStatus status(Drive d) {
        DriveStatus s = new DriveStatus();
        s.setDriveId(d.getDriveId());
        s.setManifestFile(d.getManifestFile());
        s.setManifestHash(d.getManifestHash());
        s.setDriveHeaderHash(d.getDriveHeaderHash());
        s.setState(d.getState() == null ? null : d.getState().name());
        s.setCopyStatus(d.getCopyStatus());
        s.setPercentComplete(d.getPercentComplete());
        s.setVerboseLogUri(d.getVerboseLogUri());
        s.setErrorLogUri(d.getErrorLogUri());
        s.setManifestUri(d.getManifestUri());
        s.setBytesSucceeded(d.getBytesSucceeded());
        return s;
    }

    private static JobType jobType(String s) {
        for (JobType t : JobType.values()) {
            if (t.name().equals(s)) {
                return t;
            }
        }
        return null;
    }
}
