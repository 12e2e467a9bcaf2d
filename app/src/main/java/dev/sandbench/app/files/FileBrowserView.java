package dev.sandbench.app.files;

import dev.sandbench.app.explorer.SandboxItem;
import dev.sandbench.client.files.FileEntry;
import dev.sandbench.client.files.FileType;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The file browser: breadcrumbs, a lazily loaded tree of the sandbox's files with sizes, times and
 * a mark on files changed since the sandbox started, drag-and-drop upload from the desktop onto
 * the tree or a folder, a transfer queue, and file operations.
 */
public final class FileBrowserView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private static final PseudoClass DROP = PseudoClass.getPseudoClass("drop-target");
    private static final PseudoClass MODIFIED = PseudoClass.getPseudoClass("modified");

    /** Listings larger than this replace the folder's item instead of its children (see setEntries). */
    private static final int SWAP_ABOVE = 1000;

    private final FileBrowserViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TreeView<FileEntry> tree = new TreeView<>();
    private final HBox crumbs = new HBox(2);
    private final Label placeholder = new Label("Select a sandbox to browse its files.");
    private final Consumer<FileEntry> open;
    private volatile long lastListingNanos;

    public FileBrowserView(FileBrowserViewModel vm, Consumer<FileEntry> open) {
        this.vm = vm;
        this.open = open;
        root.setId("fileBrowser");
        Label title = new Label("FILES");
        title.getStyleClass().add("panel-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(title, spacer, iconButton(Feather.FILE_PLUS, "New file", "newFileButton", () -> newFile(selectedDir())),
                iconButton(Feather.FOLDER_PLUS, "New folder", "newFolderButton", () -> newFolder(selectedDir())),
                iconButton(Feather.UPLOAD, "Upload files…", "uploadButton", this::chooseUpload),
                iconButton(Feather.DOWNLOAD, "Download selected…", "downloadButton", () -> download(false)),
                iconButton(Feather.REFRESH_CW, "Refresh", "refreshFiles", this::reloadRoot));
        header.getStyleClass().add("panel-header");
        TextField go = new TextField();
        go.setId("filePathField");
        go.setPromptText("Go to a path the sandbox can see, e.g. /etc");
        go.setOnAction(e -> {
            String p = go.getText().strip();
            if (p.startsWith("/")) vm.rootProperty().set(p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
            go.clear();
        });
        crumbs.setAlignment(Pos.CENTER_LEFT);
        crumbs.setStyle("-fx-padding: 2 6 2 6;");
        VBox top = new VBox(header, crumbs, go);
        VBox.setMargin(go, new javafx.geometry.Insets(0, 6, 4, 6));
        root.setTop(top);

        tree.setId("fileTree");
        tree.setShowRoot(false);
        // Editing starts only from Rename or F2, never from a click on a selected row.
        tree.setEditable(false);
        tree.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        tree.setCellFactory(t -> new FileCell());
        // A filter: the tree's own key handling takes F2 and Enter before an ordinary handler would.
        tree.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (tree.getEditingItem() != null) return;
            if (e.getCode() == KeyCode.F2 && tree.getSelectionModel().getSelectedItem() != null) {
                rename(tree.getSelectionModel().getSelectedItem());
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE) {
                delete();
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER) {
                FileEntry f = selected();
                if (f != null && !f.isDirectory()) {
                    open.accept(f);
                    e.consume();
                }
            }
        });
        // Drops on empty space go to the root folder.
        tree.setOnDragOver(this::acceptFiles);
        tree.setOnDragDropped(e -> drop(e, vm.rootProperty().get()));
        placeholder.getStyleClass().add("muted");
        placeholder.setWrapText(true);
        root.setCenter(placeholder);
        root.setBottom(transfers());

        vm.sandboxProperty().addListener((o, a, b) -> reloadRoot());
        vm.rootProperty().addListener((o, a, b) -> reloadRoot());
        vm.setOnDirsChanged(this::refreshDirs);
        reloadRoot();
    }

    private static Button iconButton(Feather icon, String tip, String id, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll("flat", "button-icon");
        b.setTooltip(new Tooltip(tip));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    // --- tree -----------------------------------------------------------------------------------

    /** A directory whose children are listed the first time it opens. */
    private final class DirItem extends TreeItem<FileEntry> {
        private boolean loaded;

        /** An open folder whose children are already known (the swap in setEntries). */
        DirItem(FileEntry e, List<TreeItem<FileEntry>> children) {
            super(e);
            loaded = true;
            getChildren().setAll(children);
            expandedProperty().addListener((o, was, now) -> {
                if (now && !loaded) reload();
            });
        }

        DirItem(FileEntry e) {
            super(e);
            expandedProperty().addListener((o, was, now) -> {
                if (now && !loaded) reload();
            });
            // A placeholder child gives the closed folder its disclosure arrow.
            getChildren().add(new TreeItem<>(null));
        }

        @Override
        public boolean isLeaf() {
            return false;
        }

        void reload() {
            loaded = true;
            String dir = getValue().path();
            vm.list(dir, this::setEntries, e -> {
                getChildren().setAll(List.of(new TreeItem<>(new FileEntry("Could not list: "
                        + dev.sandbench.app.notify.Notifier.describe(e), dir + "/?", FileType.UNKNOWN, -1, null))));
            });
        }

        /** Replaces the children, keeping the items (and so the open state) of entries still there. */
        void setEntries(List<FileEntry> entries) {
            long t0 = System.nanoTime();
            try {
                List<TreeItem<FileEntry>> next = children(entries);
                if (next.size() <= SWAP_ABOVE) {
                    getChildren().setAll(next);
                } else {
                    // Adding thousands of items to a tree item that is on screen costs a selection-model
                    // update per item (about 400 ms for 10,000); filling a detached copy and swapping it
                    // in is one change.
                    DirItem fresh = new DirItem(getValue(), next);
                    TreeItem<FileEntry> parent = getParent();
                    if (parent == null) tree.setRoot(fresh);
                    else parent.getChildren().set(parent.getChildren().indexOf(this), fresh);
                    fresh.setExpanded(true);
                }
                tree.applyCss();
                tree.layout();
            } finally {
                lastListingNanos = System.nanoTime() - t0;
            }
        }

        private List<TreeItem<FileEntry>> children(List<FileEntry> entries) {
            Map<String, TreeItem<FileEntry>> old = new HashMap<>();
            for (TreeItem<FileEntry> c : getChildren()) if (c.getValue() != null) old.put(c.getValue().name(), c);
            List<FileEntry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparing((FileEntry f) -> !f.isDirectory()).thenComparing(f -> f.name().toLowerCase(Locale.ROOT)));
            List<TreeItem<FileEntry>> next = new ArrayList<>(sorted.size());
            for (FileEntry f : sorted) {
                TreeItem<FileEntry> kept = old.get(f.name());
                if (kept != null && kept.getValue().isDirectory() == f.isDirectory()) {
                    kept.setValue(f);
                    next.add(kept);
                } else {
                    next.add(f.isDirectory() ? new DirItem(f) : new TreeItem<>(f));
                }
            }
            return next;
        }
    }

    private void reloadRoot() {
        SandboxItem s = vm.sandboxProperty().get();
        renderCrumbs();
        if (s == null) {
            placeholder.setText("Select a sandbox to browse its files.");
            root.setCenter(placeholder);
            return;
        }
        String path = vm.rootProperty().get();
        DirItem top = new DirItem(new FileEntry(path, path, FileType.DIR, 0, null));
        tree.setRoot(top);
        top.setExpanded(true);
        root.setCenter(tree);
    }

    private void refreshDirs(Set<String> dirs) {
        if (tree.getRoot() instanceof DirItem top) refreshOpen(top, dirs);
    }

    private void refreshOpen(DirItem item, Set<String> dirs) {
        if (!item.loaded) return;
        if (dirs.contains(item.getValue().path())) item.reload();
        for (TreeItem<FileEntry> c : item.getChildren()) {
            if (c instanceof DirItem d && d.isExpanded()) refreshOpen(d, dirs);
        }
    }

    /** Re-lists a directory now (after our own change). */
    public void refresh(String dir) {
        if (tree.getRoot() instanceof DirItem top) {
            refreshOpen(top, Set.of(dir));
        }
    }

    private void renderCrumbs() {
        crumbs.getChildren().clear();
        String path = vm.rootProperty().get();
        String acc = "";
        Button rootButton = crumb("/", "/");
        crumbs.getChildren().add(rootButton);
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            acc = acc + "/" + part;
            crumbs.getChildren().addAll(new Label("›"), crumb(part, acc));
        }
    }

    private Button crumb(String text, String target) {
        Button b = new Button(text);
        b.getStyleClass().addAll("flat", "small");
        b.setOnAction(e -> vm.rootProperty().set(target));
        return b;
    }

    private FileEntry selected() {
        TreeItem<FileEntry> i = tree.getSelectionModel().getSelectedItem();
        return i == null ? null : i.getValue();
    }

    private List<FileEntry> selectedEntries() {
        List<FileEntry> out = new ArrayList<>();
        for (TreeItem<FileEntry> i : tree.getSelectionModel().getSelectedItems()) {
            if (i != null && i.getValue() != null && i != tree.getRoot()) out.add(i.getValue());
        }
        return out;
    }

    /** The folder that new things go into: the selected folder, the selected file's folder, or the root. */
    private String selectedDir() {
        FileEntry f = selected();
        if (f == null) return vm.rootProperty().get();
        return f.isDirectory() ? f.path() : FileBrowserViewModel.parent(f.path());
    }

    // --- actions --------------------------------------------------------------------------------

    private void newFile(String dir) {
        ask("New file", "Name of the new file in " + dir, "untitled.py").ifPresent(n -> vm.newFile(dir, n, () -> refresh(dir)));
    }

    private void newFolder(String dir) {
        ask("New folder", "Name of the new folder in " + dir, "new-folder").ifPresent(n -> vm.mkdir(dir, n, () -> refresh(dir)));
    }

    private java.util.Optional<String> ask(String title, String text, String value) {
        TextInputDialog d = new TextInputDialog(value);
        d.initOwner(root.getScene().getWindow());
        d.setTitle(title);
        d.setHeaderText(text);
        d.getDialogPane().setId("nameDialog");
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Renames one entry (F2 or the context menu), asking for the new name with the old one preselected. */
    public void rename(TreeItem<FileEntry> item) {
        if (item == null || item == tree.getRoot() || item.getValue() == null) return;
        FileEntry f = item.getValue();
        String dir = FileBrowserViewModel.parent(f.path());
        ask("Rename", "New name for " + f.path(), f.name()).ifPresent(n -> {
            try {
                vm.rename(f, n, () -> refresh(dir));
            } catch (IllegalArgumentException e) {
                Alert a = new Alert(Alert.AlertType.WARNING, e.getMessage());
                a.initOwner(root.getScene().getWindow());
                a.show();
            }
        });
    }

    private void delete() {
        List<FileEntry> entries = selectedEntries();
        if (entries.isEmpty()) return;
        String what = entries.size() == 1 ? entries.get(0).path() : entries.size() + " items";
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Delete " + what + "? Folders are deleted with everything in them.",
                new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE), ButtonType.CANCEL);
        a.initOwner(root.getScene().getWindow());
        a.setHeaderText("Delete " + what + "?");
        a.getDialogPane().setId("confirmDelete");
        a.showAndWait().filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).ifPresent(b -> {
            Set<String> parents = new java.util.HashSet<>();
            for (FileEntry e : entries) parents.add(FileBrowserViewModel.parent(e.path()));
            vm.delete(entries, () -> parents.forEach(this::refresh));
        });
    }

    private void copyPath() {
        List<FileEntry> entries = selectedEntries();
        if (entries.isEmpty()) return;
        ClipboardContent c = new ClipboardContent();
        c.putString(String.join("\n", entries.stream().map(FileEntry::path).toList()));
        Clipboard.getSystemClipboard().setContent(c);
    }

    private void chooseUpload() {
        if (vm.sandboxProperty().get() == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Upload files into " + selectedDir());
        List<File> files = fc.showOpenMultipleDialog(root.getScene().getWindow());
        if (files != null && !files.isEmpty()) upload(files.stream().map(File::toPath).toList(), selectedDir());
    }

    private void download(boolean asArchive) {
        List<FileEntry> entries = selectedEntries();
        if (entries.isEmpty()) return;
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Download " + entries.size() + " item(s) to…");
        File dir = dc.showDialog(root.getScene().getWindow());
        if (dir != null) vm.download(entries, dir.toPath(), asArchive, p -> { });
    }

    /** Uploads local files and folders into a sandbox folder (also what a drop does). */
    public void upload(List<Path> locals, String dir) {
        vm.upload(locals, dir, new ClashDialog(), () -> refresh(dir));
    }

    /** Asks replace / keep both / skip, with "the same for the rest of this drop". */
    private final class ClashDialog implements FileBrowserViewModel.ClashResolver {
        private FileBrowserViewModel.Clash always;

        @Override
        public FileBrowserViewModel.Clash resolve(String name, String dir) {
            if (always != null) return always;
            ButtonType replace = new ButtonType("Replace", ButtonBar.ButtonData.YES);
            ButtonType both = new ButtonType("Keep both", ButtonBar.ButtonData.NO);
            ButtonType skip = new ButtonType("Skip", ButtonBar.ButtonData.CANCEL_CLOSE);
            Alert a = new Alert(Alert.AlertType.CONFIRMATION, null, replace, both, skip);
            a.initOwner(root.getScene().getWindow());
            a.setHeaderText(name + " already exists in " + dir);
            CheckBox rest = new CheckBox("Do the same for the other clashes of this upload");
            a.getDialogPane().setContent(rest);
            a.getDialogPane().setId("clashDialog");
            ButtonType b = a.showAndWait().orElse(skip);
            FileBrowserViewModel.Clash c = b == replace ? FileBrowserViewModel.Clash.REPLACE
                    : b == both ? FileBrowserViewModel.Clash.KEEP_BOTH : FileBrowserViewModel.Clash.SKIP;
            if (rest.isSelected()) always = c;
            return c;
        }
    }

    private void acceptFiles(DragEvent e) {
        if (e.getDragboard().hasFiles() && vm.sandboxProperty().get() != null) e.acceptTransferModes(TransferMode.COPY);
        e.consume();
    }

    private void drop(DragEvent e, String dir) {
        boolean ok = false;
        if (e.getDragboard().hasFiles() && vm.sandboxProperty().get() != null) {
            upload(e.getDragboard().getFiles().stream().map(File::toPath).toList(), dir);
            ok = true;
        }
        e.setDropCompleted(ok);
        e.consume();
    }

    // --- cells ----------------------------------------------------------------------------------

    private final class FileCell extends TreeCell<FileEntry> {
        private final FontIcon icon = new FontIcon(Feather.FILE);
        private final Label name = new Label();
        private final Label meta = new Label();
        private final HBox box;
        private TextField editor;

        FileCell() {
            meta.getStyleClass().add("muted");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            name.setMinWidth(0);
            box = new HBox(6, icon, name, spacer, meta);
            box.setAlignment(Pos.CENTER_LEFT);
            box.setMinWidth(0);
            setPrefWidth(0);
            getStyleClass().add("file-cell");
            setOnDragOver(e -> {
                if (getItem() != null) acceptFiles(e);
            });
            setOnDragEntered(e -> pseudoClassStateChanged(DROP, getItem() != null && e.getDragboard().hasFiles()));
            setOnDragExited(e -> pseudoClassStateChanged(DROP, false));
            setOnDragDropped(e -> {
                if (getItem() == null) return;
                drop(e, getItem().isDirectory() ? getItem().path() : FileBrowserViewModel.parent(getItem().path()));
            });
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && getItem() != null && !getItem().isDirectory()) {
                    open.accept(getItem());
                }
            });
            ContextMenu menu = new ContextMenu(
                    item("Open", Feather.EDIT, () -> { if (getItem() != null && !getItem().isDirectory()) open.accept(getItem()); }),
                    new SeparatorMenuItem(),
                    item("New file…", Feather.FILE_PLUS, () -> newFile(selectedDir())),
                    item("New folder…", Feather.FOLDER_PLUS, () -> newFolder(selectedDir())),
                    item("Rename", Feather.EDIT_3, () -> rename(getTreeItem())),
                    item("Copy path", Feather.COPY, FileBrowserView.this::copyPath),
                    new SeparatorMenuItem(),
                    item("Download…", Feather.DOWNLOAD, () -> download(false)),
                    item("Download folder as archive…", Feather.ARCHIVE, () -> download(true)),
                    new SeparatorMenuItem(),
                    item("Delete…", Feather.TRASH_2, FileBrowserView.this::delete));
            setContextMenu(menu);
        }

        private MenuItem item(String text, Feather icon, Runnable r) {
            MenuItem m = new MenuItem(text, new FontIcon(icon));
            m.setOnAction(e -> r.run());
            return m;
        }

        @Override
        protected void updateItem(FileEntry f, boolean empty) {
            super.updateItem(f, empty);
            pseudoClassStateChanged(MODIFIED, false);
            if (empty || f == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            if (isEditing()) return;
            setText(null);
            icon.setIconCode(icon(f));
            name.setText(f.name());
            boolean modified = f.modified() != null && f.modified().isAfter(vm.modifiedSince());
            pseudoClassStateChanged(MODIFIED, modified);
            meta.setText(f.isDirectory() ? "" : Bytes.human(f.size()) + (f.modified() == null ? "" : "  " + TIME.format(f.modified())));
            setTooltip(new Tooltip(f.path() + (modified ? "\nchanged since the sandbox started" : "")));
            setGraphic(box);
        }

        @Override
        public void startEdit() {
            if (getItem() == null || getTreeItem() == tree.getRoot()) return;
            super.startEdit();
            editor = new TextField(getItem().name());
            editor.setId("renameField");
            editor.setOnAction(e -> commitEdit(getItem()));
            editor.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE) cancelEdit();
            });
            setGraphic(editor);
            editor.requestFocus();
            int dot = editor.getText().lastIndexOf('.');
            editor.selectRange(0, dot > 0 ? dot : editor.getText().length());
        }

        @Override
        public void commitEdit(FileEntry f) {
            String newName = editor.getText();
            FileEntry original = getItem();
            super.commitEdit(f);
            tree.setEditable(false);
            String dir = FileBrowserViewModel.parent(original.path());
            try {
                vm.rename(original, newName, () -> refresh(dir));
            } catch (IllegalArgumentException e) {
                Alert a = new Alert(Alert.AlertType.WARNING, e.getMessage());
                a.initOwner(root.getScene().getWindow());
                a.show();
            }
            updateItem(f, false);
        }

        @Override
        public void cancelEdit() {
            super.cancelEdit();
            tree.setEditable(false);
            updateItem(getItem(), getItem() == null);
        }
    }

    private static Feather icon(FileEntry f) {
        if (f.isDirectory()) return Feather.FOLDER;
        String n = f.name().toLowerCase(Locale.ROOT);
        if (n.matches(".*\\.(py|js|ts|go|rb|java|sh|c|cpp|rs|json|yaml|yml|toml|md)$")) return Feather.FILE_TEXT;
        if (n.matches(".*\\.(png|jpg|jpeg|gif|svg|webp)$")) return Feather.IMAGE;
        if (n.matches(".*\\.(zip|tar|gz|tgz|zst|xz|bz2)$")) return Feather.ARCHIVE;
        return Feather.FILE;
    }

    // --- transfers ------------------------------------------------------------------------------

    private Node transfers() {
        TransferQueue q = vm.transfers();
        ProgressBar overall = new ProgressBar();
        overall.setId("overallProgress");
        overall.progressProperty().bind(q.overallProperty());
        overall.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(overall, Priority.ALWAYS);
        Button clear = new Button("Clear");
        clear.getStyleClass().addAll("flat", "small");
        clear.setOnAction(e -> q.clearFinished());
        Label title = new Label("Transfers");
        title.getStyleClass().add("panel-title");
        HBox head = new HBox(8, title, overall, clear);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setStyle("-fx-padding: 4 8 4 8;");
        ListView<TransferItem> list = new ListView<>(q.items());
        list.setId("transferList");
        list.setPrefHeight(84);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(TransferItem t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setGraphic(null);
                    return;
                }
                FontIcon dir = new FontIcon(t.direction() == TransferItem.Direction.UPLOAD ? Feather.ARROW_UP : Feather.ARROW_DOWN);
                Label n = new Label(t.name());
                Label d = new Label();
                d.getStyleClass().add("muted");
                d.textProperty().bind(t.detailProperty());
                ProgressBar p = new ProgressBar();
                p.progressProperty().bind(t.progressProperty());
                p.setPrefWidth(80);
                Button cancel = new Button(null, new FontIcon(Feather.X));
                cancel.getStyleClass().addAll("flat", "button-icon");
                cancel.setTooltip(new Tooltip("Cancel"));
                cancel.visibleProperty().bind(Bindings.createBooleanBinding(
                        () -> t.stateProperty().get() == TransferItem.State.RUNNING, t.stateProperty()));
                cancel.setOnAction(e -> t.cancel());
                VBox text = new VBox(n, d);
                text.setMinWidth(0);
                HBox.setHgrow(text, Priority.ALWAYS);
                HBox row = new HBox(6, dir, text, p, cancel);
                row.setAlignment(Pos.CENTER_LEFT);
                setGraphic(row);
            }
        });
        VBox box = new VBox(head, list);
        box.setId("transfers");
        box.visibleProperty().bind(Bindings.isNotEmpty(q.items()));
        box.managedProperty().bind(box.visibleProperty());
        q.items().addListener((ListChangeListener<TransferItem>) c -> { });
        return box;
    }

    public Node node() {
        return root;
    }

    /** FX-thread time the last directory listing took to show (tree update, CSS and layout). */
    public long lastListingNanos() {
        return lastListingNanos;
    }

    public TreeView<FileEntry> tree() {
        return tree;
    }
}
