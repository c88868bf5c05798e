package waybill.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What an export job copies: a blob list inline, or the path of a blob holding one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Export {
    private BlobList blobList;
    private String blobListBlobPath;

    public BlobList getBlobList() {
        return blobList;
    }

    public void setBlobList(BlobList v) {
        blobList = v;
    }

    public String getBlobListBlobPath() {
        return blobListBlobPath;
    }

    public void setBlobListBlobPath(String v) {
        blobListBlobPath = v;
    }

    /** True when the export names at least one blob, prefix or blob-list path. */
    public boolean namesBlobs() {
        boolean inline = blobList != null
                && ((blobList.getBlobPath() != null && !blobList.getBlobPath().isEmpty())
                        || (blobList.getBlobPathPrefix() != null
                                && !blobList.getBlobPathPrefix().isEmpty()));
        return inline || (blobListBlobPath != null && !blobListBlobPath.isBlank());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BlobList {
        private List<String> blobPath;
        private List<String> blobPathPrefix;

        public List<String> getBlobPath() {
            return blobPath;
        }

        public void setBlobPath(List<String> v) {
            blobPath = v;
        }

        public List<String> getBlobPathPrefix() {
            return blobPathPrefix;
        }

        public void setBlobPathPrefix(List<String> v) {
            blobPathPrefix = v;
        }
    }
}
