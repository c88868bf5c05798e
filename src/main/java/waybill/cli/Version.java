package waybill.cli;

import picocli.CommandLine;

/** {@code --version}: the jar's Implementation-Version (the pom's version), and the Java it runs on. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "waybill " + (v == null ? "(not built as a jar)" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
