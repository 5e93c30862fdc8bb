package org.jnas.kernel.magic;

import eu.maveniverse.maven.mima.context.Context;
import eu.maveniverse.maven.mima.context.ContextOverrides;
import eu.maveniverse.maven.mima.context.Runtimes;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.jnas.kernel.repl.CellResult;

/**
 * {@code %maven group:artifact:version [...]}: resolves artifacts with their runtime dependencies
 * through Maven Resolver (MIMA), honouring {@code ~/.m2/settings.xml} (mirrors, proxies, offline)
 * and the local repository, and adds the jars to the class path.
 */
final class MavenMagic implements Magic {
    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String usage() {
        return "%maven g:a:v [g:a:v ...] adds artifacts and their dependencies";
    }

    @Override
    public CellResult run(String args, String body, MagicContext context) throws Exception {
        if (args.isBlank()) {
            throw new IllegalArgumentException("%maven needs coordinates, e.g. %maven org.apache.commons:commons-lang3:3.14.0");
        }
        List<File> jars = new ArrayList<>();
        ContextOverrides overrides = ContextOverrides.create().withUserSettings(true).build();
        try (Context mima = Runtimes.INSTANCE.getRuntime().create(overrides)) {
            for (String coords : args.strip().split("\\s+")) {
                DefaultArtifact artifact;
                try {
                    artifact = new DefaultArtifact(coords);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("%maven: '" + coords
                            + "' is not groupId:artifactId[:extension[:classifier]]:version", e);
                }
                CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME),
                        mima.remoteRepositories());
                try {
                    for (ArtifactResult r : mima.repositorySystem()
                            .resolveDependencies(mima.repositorySystemSession(), new DependencyRequest(collect, null))
                            .getArtifactResults()) {
                        jars.add(r.getArtifact().getFile());
                    }
                } catch (DependencyResolutionException e) {
                    throw new IllegalStateException("%maven could not resolve " + coords + " (offline or not in "
                            + mima.mavenUserHome().localRepository() + " and the remote repositories?): "
                            + e.getMessage(), e);
                }
            }
        }
        for (File jar : jars) {
            context.addToClasspath(jar.getAbsolutePath());
        }
        context.out().println("Added " + jars.size() + " jar(s) to the class path");
        return CellResult.empty();
    }
}
