using System.Net.Sockets;

namespace PoetryReactor.Core;

/// <summary>Which interest a registration has.</summary>
[Flags]
internal enum Interest : byte { None = 0, Read = 1, Write = 2 }
