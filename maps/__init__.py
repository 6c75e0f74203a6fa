"""posture maps: layers -> one self-contained, safe HTML map.

from maps import render_map, save_map
m = render_map(frames, title="posture", n_sources=12)   # folium.Map (displays in notebooks)
save_map(m, "map.html", overwrite=True)
"""

from maps.render import render_html, render_map, save_map

__all__ = ["render_html", "render_map", "save_map"]
