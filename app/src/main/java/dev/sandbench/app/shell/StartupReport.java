package dev.sandbench.app.shell;

import dev.sandbench.app.connection.ConnectionStatus;
import javafx.animation.AnimationTimer;

import java.lang.management.ManagementFactory;

/**
 * {@code --startup-report}: prints when the window first painted and when it became interactive
 * with the embedded engine ready (connected and the sandbox list read), in milliseconds since the
 * JVM started, then exits. Used by the benchmark harness.
 */
final class StartupReport {
    private StartupReport() { }

    static void watch(Workbench wb) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long[] painted = {-1};
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (painted[0] < 0 && wb.window().stage().isShowing()) painted[0] = System.currentTimeMillis() - jvmStart;
                if (wb.connections().active() != null && wb.connections().active().status() == ConnectionStatus.FAILED) {
                    stop();
                    System.out.println("startup-report failed: " + wb.connections().active().detailProperty().get());
                    wb.window().stage().hide();
                    wb.shutdown(() -> System.exit(1));
                    return;
                }
                boolean ready = wb.connections().active() != null
                        && wb.connections().active().status() == ConnectionStatus.CONNECTED
                        && wb.explorer().loadedProperty().get();
                if (!ready) return;
                stop();
                long readyMs = System.currentTimeMillis() - jvmStart;
                System.out.println("startup-report window_ms=" + painted[0] + " ready_ms=" + readyMs);
                wb.window().stage().hide();
                wb.shutdown(() -> System.exit(0));
            }
        }.start();
    }
}
