interface Family {
  title: string;
  summary: string;
}

// The experiment families planned for the lab; each becomes a link when it lands.
const FAMILIES: Family[] = [
  { title: 'Train a network', summary: 'MLPs and CNNs on MNIST, Fashion-MNIST and CIFAR-10' },
  { title: 'Pruning & lottery tickets', summary: 'Magnitude pruning, rewinding, winning tickets' },
  { title: 'Lazy vs rich & grokking', summary: 'Feature learning regimes and delayed generalization' },
  { title: 'Loss landscapes', summary: 'Slices, interpolation paths and sharpness' },
  { title: 'Attention maps', summary: 'A small transformer and what its heads look at' },
];

export function Catalogue() {
  return (
    <nav className="catalogue" aria-label="Experiments" data-testid="catalogue">
      <h2 className="catalogue-title">Experiments</h2>
      <ul>
        {FAMILIES.map((f) => (
          <li key={f.title}>
            <button type="button" className="family" disabled aria-disabled="true">
              <span className="family-head">
                <span className="family-title">{f.title}</span>
                <span className="badge">coming soon</span>
              </span>
              <span className="family-summary">{f.summary}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
