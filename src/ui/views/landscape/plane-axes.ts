// What α and β mean on each kind of landscape plane: the plane is θ* + α·d₁ + β·d₂ through the trained
// weights θ*, so both coordinates count multiples of their direction, i.e. units of its norm ‖d‖.

export interface PlaneAxes {
  alpha: string;
  beta: string;
  /** One sentence for the figure's caption. */
  caption: string;
}

const UNIT_NORM = 'Each direction has unit norm, so α and β are distances in weight space (L2).';

export function planeAxes(directions: string): PlaneAxes {
  switch (directions) {
    case 'random':
      return {
        alpha: 'α (× ‖d₁‖, random filter-normalized d₁)',
        beta: 'β (× ‖d₂‖, random filter-normalized d₂)',
        caption:
          'Plane θ* + α·d₁ + β·d₂ through the trained weights θ*: d₁, d₂ are random directions with each unit’s incoming weights rescaled to the trained unit’s norm, so α = 1 is a step as large as the trained weights themselves.',
      };
    case 'checkpoints':
      return {
        alpha: 'α (× ‖d₁‖ = 1, d₁ toward initialization)',
        beta: 'β (× ‖d₂‖ = 1, d₂ toward the middle checkpoint, ⟂ d₁)',
        caption: `Plane θ* + α·d₁ + β·d₂ through the trained weights θ*, initialization and the middle checkpoint (Gram–Schmidt basis). ${UNIT_NORM}`,
      };
    default:
      return {
        alpha: 'α (× ‖d₁‖ = 1, d₁ = trajectory PC 1)',
        beta: 'β (× ‖d₂‖ = 1, d₂ = trajectory PC 2)',
        caption: `Plane θ* + α·d₁ + β·d₂ through the trained weights θ*, spanned by the top two principal components of the training trajectory. ${UNIT_NORM}`,
      };
  }
}
