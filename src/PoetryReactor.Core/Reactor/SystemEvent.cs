namespace PoetryReactor.Core;

/// <summary>The pending triggers of one system event, by phase.</summary>
internal sealed class SystemEvent
{
    private readonly List<Trigger>[] _phases = { new(), new(), new() };

    public List<Trigger> Phase(SystemEventPhase phase) => _phases[(int)phase];

    /// <summary>Takes the phase's triggers one at a time, so triggers added meanwhile are taken too.</summary>
    public IEnumerable<Trigger> Drain(SystemEventPhase phase)
    {
        var list = _phases[(int)phase];
        while (list.Count > 0)
        {
            var trigger = list[0];
            list.RemoveAt(0);
            trigger.Done = true;
            yield return trigger;
        }
    }

    /// <summary>A trigger; the handle returned to callers.</summary>
    internal sealed class Trigger
    {
        public Trigger(Reactor owner, SystemEventPhase phase, string eventType, string name, Func<Task?> run)
        {
            Owner = owner;
            Phase = phase;
            EventType = eventType;
            Name = name;
            Run = run;
        }

        public Reactor Owner { get; }
        public SystemEventPhase Phase { get; }
        public string EventType { get; }
        public string Name { get; }
        public Func<Task?> Run { get; }

        /// <summary>Fired or removed.</summary>
        public bool Done { get; set; }

        public override string ToString() => $"{Phase} {EventType}: {Name}";
    }
}
