set terminal pngcairo size 640,610 noenhanced font ",9"
set output 'scenario-9m.png'
set multiplot layout 2,2 title "9m. SXELua fixed memory: hello.lua over 1,000,000 requests on 1,000 connections\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "hello-lua" 51562.5 51562.5 51562.5 128 "51,562"
EOD
set title "c=1000,n=10, client http"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:0.6]
set yrange [0:61875]
set ytics ("0" 0, "20k" 20000, "40k" 40000, "60k" 60000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "hello-lua" 48959.7 48959.7 48959.7 128 "48,960"
EOD
set title "c=1000,n=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:0.6]
set yrange [0:58751.6]
set ytics ("0" 0, "20k" 20000, "40k" 40000)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
$p3 << EOD
0 "hello-lua" 11 11 11 128 "11.0"
EOD
set title "c=1000,n=10, client http"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:0.6]
set yrange [0:13.2]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p3 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p3 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p3 using 1:5:7 with labels offset 0,0.8 font ',9'
$p4 << EOD
0 "hello-lua" 9.27 9.27 9.27 128 "9.27"
EOD
set title "c=1000,n=1000, client http"
unset ylabel
set lmargin 8
set xrange [-0.6:0.6]
set yrange [0:11.124]
set ytics ("0" 0, "2.5" 2.5, "5" 5, "7.5" 7.5, "10" 10)
plot $p4 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p4 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p4 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
