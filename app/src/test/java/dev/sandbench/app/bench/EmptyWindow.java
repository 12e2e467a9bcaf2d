package dev.sandbench.app.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/** Baseline for the startup benchmark: a JavaFX window with one label, on the same class path. */
public final class EmptyWindow extends Application {
    /** Launched through a class that is not an Application, as the app is (JavaFX on the class path). */
    public static final class Launcher {
        public static void main(String[] args) {
            Application.launch(EmptyWindow.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        stage.setScene(new Scene(new StackPane(new Label("baseline")), 1280, 800));
        stage.show();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                System.out.println("startup-report window_ms=" + (System.currentTimeMillis() - jvmStart));
                Platform.exit();
            }
        }.start();
    }
}
