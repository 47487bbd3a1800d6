using System.Management.Automation;

namespace PoetryReactor.Callbacks;

/// <summary>What a record on an <see cref="OutputQueue"/> is for: which stream the pipeline thread writes it to.</summary>
internal enum OutputKind { Object, Error, Warning, Verbose, Debug, Information, Progress }
